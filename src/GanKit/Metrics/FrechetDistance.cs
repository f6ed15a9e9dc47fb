using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// The Fréchet distance between Gaussian fits of two feature sets, the FID of Heusel et al. (2017) when the features come from
/// an image network: ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^½). Computed in double precision. The trace of the matrix square root
/// uses tr((Σ₁Σ₂)^½) = tr((Σ₁^½ Σ₂ Σ₁^½)^½) = Σᵢ √λᵢ, with λᵢ the eigenvalues of the symmetric positive semi-definite
/// product Σ₁^½ Σ₂ Σ₁^½; both eigen-decompositions are of symmetric matrices, so they are stable even when the covariances
/// are singular (fewer samples than dimensions), and tiny negative eigenvalues from rounding are clamped to 0.
/// </summary>
public static class FrechetDistance
{
    /// <summary>The FID between two accumulated feature sets.</summary>
    /// <param name="first">Statistics of one set (e.g. real images), with at least 2 vectors.</param>
    /// <param name="second">Statistics of the other (e.g. generated images), of the same dimension.</param>
    /// <returns>The distance, at least 0.</returns>
    /// <exception cref="MetricInputException">A set has fewer than two vectors or the dimensions differ.</exception>
    public static double Compute(FeatureStatistics first, FeatureStatistics second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Dimension != second.Dimension)
            throw new MetricInputException($"The two feature sets have different dimensions: {first.Dimension} and {second.Dimension}.");
        using var scope = NewDisposeScope();
        return Compute(first.Mean(), first.Covariance(), second.Mean(), second.Covariance());
    }

    /// <summary>The FID between two feature matrices (a convenience for sets that fit in memory).</summary>
    /// <param name="first"><c>[N,D]</c>, N ≥ 2.</param>
    /// <param name="second"><c>[M,D]</c>, M ≥ 2.</param>
    /// <returns>The distance, at least 0.</returns>
    public static double Compute(Tensor first, Tensor second)
    {
        FeatureChecks.Matrix(first, "first features", 2);
        FeatureChecks.Matrix(second, "second features", 2);
        FeatureChecks.SameDimension(first, second);
        using var a = FeatureStatistics.FromFeatures(first);
        using var b = FeatureStatistics.FromFeatures(second);
        return Compute(a, b);
    }

    /// <summary>The Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂).</summary>
    /// <param name="mean1">μ₁ <c>[D]</c>.</param>
    /// <param name="covariance1">Σ₁ <c>[D,D]</c>, symmetric positive semi-definite.</param>
    /// <param name="mean2">μ₂ <c>[D]</c>.</param>
    /// <param name="covariance2">Σ₂ <c>[D,D]</c>, symmetric positive semi-definite.</param>
    /// <returns>The distance; rounding below 0 is reported as 0.</returns>
    /// <exception cref="MetricInputException">The shapes do not match or a value is not finite.</exception>
    public static double Compute(Tensor mean1, Tensor covariance1, Tensor mean2, Tensor covariance2)
    {
        ArgumentNullException.ThrowIfNull(mean1);
        ArgumentNullException.ThrowIfNull(covariance1);
        ArgumentNullException.ThrowIfNull(mean2);
        ArgumentNullException.ThrowIfNull(covariance2);
        TorchRuntime.EnsureLoaded();
        long d = mean1.numel();
        if (mean1.dim() != 1 || mean2.dim() != 1 || mean2.numel() != d)
            throw new MetricInputException($"The means must be vectors of one length; got [{string.Join(",", mean1.shape)}] and [{string.Join(",", mean2.shape)}].");
        foreach (var c in new[] { covariance1, covariance2 })
            if (c.dim() != 2 || c.shape[0] != d || c.shape[1] != d)
                throw new MetricInputException($"The covariances must be [{d},{d}]; got [{string.Join(",", c.shape)}].");

        using var scope = NewDisposeScope();
        var mu1 = mean1.detach().to(CPU).to(ScalarType.Float64);
        var mu2 = mean2.detach().to(CPU).to(ScalarType.Float64);
        var s1 = Symmetrize(covariance1.detach().to(CPU).to(ScalarType.Float64));
        var s2 = Symmetrize(covariance2.detach().to(CPU).to(ScalarType.Float64));
        if (!isfinite(stack([mu1.sum(), mu2.sum(), s1.sum(), s2.sum()])).all().item<bool>())
            throw new MetricInputException("The means or covariances hold NaN or infinite values.");

        var diff = mu1 - mu2;
        double meanTerm = diff.dot(diff).item<double>();
        double traceTerm = (s1.trace() + s2.trace()).item<double>() - 2 * TraceSqrtProduct(s1, s2);
        return Math.Max(0, meanTerm + traceTerm);
    }

    /// <summary>tr((S₁S₂)^½) for symmetric positive semi-definite S₁ and S₂ (float64).</summary>
    internal static double TraceSqrtProduct(Tensor s1, Tensor s2)
    {
        using var scope = NewDisposeScope();
        var root1 = SymmetricSqrt(s1);
        var middle = Symmetrize(root1.mm(s2).mm(root1));
        return linalg.eigvalsh(middle).clamp_min(0).sqrt().sum().item<double>();
    }

    /// <summary>The principal square root of a symmetric positive semi-definite matrix, by eigen-decomposition.</summary>
    internal static Tensor SymmetricSqrt(Tensor symmetric)
    {
        using var scope = NewDisposeScope();
        var (values, vectors) = linalg.eigh(symmetric);
        var root = (vectors * values.clamp_min(0).sqrt().unsqueeze(0)).mm(vectors.t());
        return Symmetrize(root).MoveToOuterDisposeScope();
    }

    private static Tensor Symmetrize(Tensor m) => (m + m.t()) * 0.5;
}
