using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Colors;

/// <summary>
/// Recolours an image so the mean and covariance of its RGB values match another image's: a linear colour transfer
/// that matches the first two moments of the colour histograms (Gatys et al. 2016, "colour histogram matching").
/// </summary>
public static class ColorStatisticsMatching
{
    // Regularizes the covariances so flat (e.g. single-colour) images do not make the square roots singular.
    private const double CovarianceEpsilon = 1e-5;

    /// <summary>
    /// Returns <c>A·(x − μₛ) + μₜ</c> clamped to [0, 1], where <c>A = Σₜ^½ · Σₛ^−½</c>, so the result's colour mean is
    /// the target's and its colour covariance is the target's (up to clamping).
    /// </summary>
    /// <param name="source">The image to recolour, RGB <c>[3,H,W]</c> in [0, 1].</param>
    /// <param name="target">The image whose colours to take, RGB <c>[3,H,W]</c> in [0, 1].</param>
    /// <returns>The recoloured source, <c>[3,H,W]</c>.</returns>
    public static Tensor Match(Tensor source, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.dim() != 3 || source.shape[0] != 3) throw new ArgumentException($"The source must be RGB [3,H,W]; got [{string.Join(",", source.shape)}].", nameof(source));
        if (target.dim() != 3 || target.shape[0] != 3) throw new ArgumentException($"The target must be RGB [3,H,W]; got [{string.Join(",", target.shape)}].", nameof(target));
        using var scope = NewDisposeScope();
        var src = source.reshape(3, -1).to(ScalarType.Float64);
        var tgt = target.reshape(3, -1).to(ScalarType.Float64).to(source.device);
        var (srcMean, srcCov) = Moments(src);
        var (tgtMean, tgtCov) = Moments(tgt);
        var transform = matmul(SymmetricPower(tgtCov, 0.5), SymmetricPower(srcCov, -0.5));
        var result = matmul(transform, src - srcMean) + tgtMean;
        return result.reshape(source.shape).to(source.dtype).clamp(0, 1).MoveToOuterDisposeScope();
    }

    private static (Tensor Mean, Tensor Covariance) Moments(Tensor pixels)
    {
        var mean = pixels.mean([1], keepdim: true);
        var centered = pixels - mean;
        var covariance = matmul(centered, centered.t()) / Math.Max(1, pixels.shape[1] - 1);
        return (mean, covariance + eye(3, dtype: ScalarType.Float64, device: pixels.device) * CovarianceEpsilon);
    }

    private static Tensor SymmetricPower(Tensor matrix, double power)
    {
        var (values, vectors) = linalg.eigh(matrix);
        var powered = values.clamp_min(CovarianceEpsilon).pow(power);
        return matmul(vectors * powered.unsqueeze(0), vectors.t());
    }
}
