using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Colors;

/// <summary>
/// Colour transfer by sliced optimal transport (Pitié et al. 2007; Rabin et al. 2011): the image's RGB pixels are moved,
/// one random orthonormal basis at a time, so that their distribution along each axis matches the target's. Each pass
/// is a monotone remapping along three directions, so the order of colours, and with it the image's edges, is kept.
/// </summary>
public static class ColorDistributionTransfer
{
    /// <summary>Recolours <paramref name="source"/> so its RGB distribution matches the weighted mixture of <paramref name="targets"/>.</summary>
    /// <param name="source">RGB <c>[3,H,W]</c> in [0, 1].</param>
    /// <param name="targets">RGB <c>[3,h,w]</c> images in [0, 1] and their weights (≥ 0, at least one positive).</param>
    /// <param name="passes">Random bases applied, each a 1-D matching along three orthogonal directions. Default 20.</param>
    /// <param name="seed">Seed of the random bases (the transfer is deterministic for a given seed).</param>
    /// <returns>The recoloured image <c>[3,H,W]</c> in [0, 1].</returns>
    public static Tensor Transfer(Tensor source, IReadOnlyList<(Tensor Image, double Weight)> targets, int passes = 20, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(targets);
        if (source.dim() != 3 || source.shape[0] != 3) throw new ArgumentException($"The source must be RGB [3,H,W]; got [{string.Join(",", source.shape)}].", nameof(source));
        if (targets.Count == 0 || targets.All(t => t.Weight <= 0)) throw new ArgumentException("At least one target with a positive weight is needed.", nameof(targets));
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        using var scope = NewDisposeScope();
        var pixels = source.reshape(3, -1).t().to(ScalarType.Float64);          // [N,3]
        var palette = Palette(targets, pixels.device);                           // [M,3], the weighted mixture
        using var generator = new Generator((ulong)seed);
        long n = pixels.shape[0];
        for (int pass = 0; pass < passes; pass++)
        {
            // One scope per pass: a pass allocates several image-sized float64 tensors (75 MB each at 2048 × 1536).
            using var passScope = NewDisposeScope();
            var (basis, _) = linalg.qr(randn([3, 3], dtype: ScalarType.Float64, generator: generator));
            basis = basis.to(pixels.device);
            var projected = matmul(pixels, basis);                               // [N,3]
            var targetSorted = matmul(palette, basis).sort(0).Values;            // [M,3]
            var order = projected.argsort(0);
            var quantiles = Quantiles(targetSorted, n);                          // [N,3]: the target's values at the source's ranks
            var matched = zeros_like(projected).scatter_(0, order, quantiles);
            var next = (pixels + matmul(matched - projected, basis.t())).MoveToOuterDisposeScope();
            pixels.Dispose();
            pixels = next;
        }

        return pixels.t().reshape(source.shape).to(source.dtype).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>The target's sorted values at <paramref name="count"/> evenly spaced ranks, linearly interpolated.</summary>
    private static Tensor Quantiles(Tensor sorted, long count)
    {
        long m = sorted.shape[0];
        var positions = (arange(count, dtype: ScalarType.Float64, device: sorted.device) + 0.5) * ((double)m / count) - 0.5;
        positions = positions.clamp(0, m - 1);
        var lower = positions.floor().to(ScalarType.Int64);
        var upper = (lower + 1).clamp_max(m - 1);
        var fraction = (positions - lower.to(ScalarType.Float64)).unsqueeze(1);
        return sorted.index_select(0, lower) * (1 - fraction) + sorted.index_select(0, upper) * fraction;
    }

    /// <summary>The pixels of the targets as one weighted palette: each image repeated in proportion to its weight per pixel.</summary>
    private static Tensor Palette(IReadOnlyList<(Tensor Image, double Weight)> targets, Device device)
    {
        var used = targets.Where(t => t.Weight > 0).ToArray();
        if (used.Length == 1) return used[0].Image.reshape(3, -1).t().to(ScalarType.Float64).to(device);

        // Resample every image to a pixel count proportional to its weight, so the mixture has the given proportions.
        double total = used.Sum(t => t.Weight);
        long budget = used.Max(t => t.Image.shape[1] * t.Image.shape[2]);
        var parts = new List<Tensor>();
        foreach (var (image, weight) in used)
        {
            var flat = image.reshape(3, -1).t().to(ScalarType.Float64).to(device);
            long count = Math.Max(1, (long)Math.Round(budget * weight / total * used.Length));
            var index = (arange(count, dtype: ScalarType.Float64, device: device) * ((double)flat.shape[0] / count)).floor().to(ScalarType.Int64);
            parts.Add(flat.index_select(0, index));
        }

        return cat(parts, 0);
    }
}
