using static TorchSharp.torch;

namespace GanKit.Models.Layers;

/// <summary>
/// PacGAN packing (Lin et al. 2018) for discriminators, built-in or your own: m consecutive samples become one input
/// with m times the channels (images <c>[N,C,H,W]</c> → <c>[N/m, m·C, H, W]</c>) or features (<c>[N,F]</c> → <c>[N/m, m·F]</c>).
/// A packing discriminator returns <c>[N/m]</c> scores and declares m as <see cref="DiscriminatorDescriptor.PackSize"/>.
/// </summary>
public static class PacGan
{
    /// <summary>Packs a batch.</summary>
    /// <param name="samples"><c>[N, C, ...]</c> with N divisible by <paramref name="packSize"/>.</param>
    /// <param name="packSize">Samples per packed input; 1 returns <paramref name="samples"/> itself.</param>
    /// <returns><c>[N / packSize, packSize · C, ...]</c>.</returns>
    /// <exception cref="ArgumentException">The batch does not divide into packs.</exception>
    public static Tensor Pack(Tensor samples, int packSize)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (packSize < 1) throw new ArgumentOutOfRangeException(nameof(packSize), packSize, "The pack size must be at least 1.");
        if (packSize == 1) return samples;
        long n = samples.shape[0];
        if (samples.dim() < 2 || n % packSize != 0)
            throw new ArgumentException($"A batch of shape [{string.Join(",", samples.shape)}] does not divide into packs of {packSize}.", nameof(samples));
        var rest = samples.shape.Skip(2);
        return samples.reshape(new[] { n / packSize, packSize * samples.shape[1] }.Concat(rest).ToArray());
    }
}
