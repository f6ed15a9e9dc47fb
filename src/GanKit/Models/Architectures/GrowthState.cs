using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>
/// The level and fade-in α of a progressive network, kept in a float64 buffer <c>[level, α]</c> so that the EMA copies
/// it and checkpoints store it with the weights.
/// </summary>
internal static class GrowthState
{
    public const string BufferName = "growth";

    public static Tensor Create(int maxLevel) => tensor(new double[] { maxLevel, 1.0 }, ScalarType.Float64);

    public static (int Level, double Alpha) Read(Tensor buffer)
    {
        var values = buffer.cpu().data<double>().ToArray();
        return ((int)values[0], values[1]);
    }

    public static void Write(Tensor buffer, int level, double alpha, int maxLevel)
    {
        if (level < 0 || level > maxLevel) throw new ArgumentOutOfRangeException(nameof(level), level, $"The level must be in [0, {maxLevel}].");
        if (!(alpha is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be in [0, 1].");
        using var noGrad = no_grad();
        using var values = tensor(new double[] { level, alpha }, ScalarType.Float64);
        buffer.copy_(values);
    }

    /// <summary>lerp(low, high, α) = low + α·(high − low), skipped when α is 1 so a finished fade-in costs nothing.</summary>
    public static Tensor Blend(Tensor low, Tensor high, double alpha) => alpha >= 1 ? high : low + (high - low) * alpha;
}
