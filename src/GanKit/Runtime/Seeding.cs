using TorchSharp;

namespace GanKit.Runtime;

/// <summary>
/// Makes runs reproducible: hands out torch generators and managed <see cref="Random"/> instances derived from one
/// run seed and a purpose, so every source of randomness in a GanKit run follows one number. GanKit itself never
/// draws from (or seeds) torch's process-wide generator, so runs on several threads do not disturb each other.
/// </summary>
public static class Seeding
{
    /// <summary>
    /// Seeds torch's global random number generator (CPU and, when present, CUDA) for code of your own that draws
    /// from it. GanKit does not use the global generator; this changes nothing in GanKit's results.
    /// </summary>
    /// <param name="seed">The seed.</param>
    public static void SeedTorch(long seed)
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
    }

    /// <summary>
    /// A managed random generator derived from <paramref name="seed"/> and a purpose, so independent consumers
    /// (data shuffling, augmentation) do not share one stream and a change in one does not shift the others.
    /// </summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="purpose">A stable name for the consumer, e.g. "shuffle".</param>
    /// <returns>A new generator.</returns>
    public static Random CreateRandom(long seed, string purpose) => new(DeriveSeed(seed, purpose));

    /// <summary>Derives a 32-bit seed from a run seed and a purpose with a stable hash (not <see cref="string.GetHashCode()"/>).</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="purpose">A stable name for the consumer.</param>
    /// <returns>The derived seed.</returns>
    public static int DeriveSeed(long seed, string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        ulong h = 14695981039346656037UL; // FNV-1a 64
        foreach (var b in BitConverter.GetBytes(seed)) h = (h ^ b) * 1099511628211UL;
        foreach (var c in purpose) h = (h ^ c) * 1099511628211UL;
        return (int)(h ^ (h >> 32)) & int.MaxValue;
    }

    /// <summary>Creates a torch generator seeded from the run seed and a purpose.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="purpose">A stable name for the consumer.</param>
    /// <returns>A new CPU generator.</returns>
    public static torch.Generator CreateGenerator(long seed, string purpose)
    {
        TorchRuntime.EnsureLoaded();
        return new torch.Generator((ulong)DeriveSeed(seed, purpose));
    }
}
