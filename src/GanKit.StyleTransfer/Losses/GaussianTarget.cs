using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Losses;

/// <summary>A style tap's target mean, covariance and covariance square root (for the 2-Wasserstein style loss).</summary>
internal sealed class GaussianTarget(Tensor mean, Tensor covariance, Tensor covarianceSqrt) : IDisposable
{
    public Tensor Mean { get; } = mean;
    public Tensor Covariance { get; } = covariance;
    public Tensor CovarianceSqrt { get; } = covarianceSqrt;

    /// <summary>
    /// The moments of the weighted mixture of the styles' features: <c>μ = Σ wᵢμᵢ</c>,
    /// <c>Σ = Σ wᵢ(Σᵢ + μᵢμᵢᵀ) − μμᵀ</c> with weights normalized to sum 1.
    /// </summary>
    public static Dictionary<string, GaussianTarget> Blend(
        IReadOnlyList<(IReadOnlyDictionary<string, Tensor> Features, double Weight)> styles, IReadOnlyList<string> taps, double weightSum)
    {
        var result = new Dictionary<string, GaussianTarget>(StringComparer.Ordinal);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var tap in taps)
        {
            Tensor? mean = null, secondMoment = null;
            foreach (var (features, weight) in styles)
            {
                if (weight == 0) continue;
                var (m, c) = FeatureMoments.Compute(features[tap].detach());
                double w = weight / weightSum;
                var raw = (c + outer(m, m)) * w;
                mean = mean is null ? m * w : mean + m * w;
                secondMoment = secondMoment is null ? raw : secondMoment + raw;
            }

            var covariance = secondMoment! - outer(mean!, mean!);
            var sqrt = FeatureMoments.SquareRoot(covariance);
            result[tap] = new GaussianTarget(mean!.DetachFromDisposeScope(), covariance.DetachFromDisposeScope(), sqrt.DetachFromDisposeScope());
        }

        return result;
    }

    public void Dispose()
    {
        Mean.Dispose();
        Covariance.Dispose();
        CovarianceSqrt.Dispose();
    }
}
