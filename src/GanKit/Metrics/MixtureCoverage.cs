using GanKit.Data;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// Mode coverage of samples from a 2D Gaussian mixture, with the protocol of VEEGAN (Srivastava et al. 2017) and
/// PacGAN (Lin et al. 2018): a sample is high quality when it lies within 3σ of its nearest mode; a mode is captured
/// when it is the nearest mode of at least one high-quality sample.
/// </summary>
/// <param name="ModesCaptured">Modes that are the nearest mode of at least one high-quality sample.</param>
/// <param name="ModesTotal">Modes in the mixture.</param>
/// <param name="HighQualityFraction">The fraction of samples within 3σ of their nearest mode.</param>
/// <param name="ReverseKl">
/// KL(q ‖ p) between the histogram q of high-quality samples over modes and the uniform p; 0 for a perfect spread,
/// ln K when everything sits on one mode. Empty modes contribute 0 (0·log 0). Positive infinity when no sample is high
/// quality (the histogram is empty); <see cref="GanEvaluator"/> reports that case as null, which JSON can carry.
/// </param>
/// <param name="SampleCount">The number of samples evaluated.</param>
public sealed record MixtureCoverage(int ModesCaptured, int ModesTotal, double HighQualityFraction, double ReverseKl, long SampleCount)
{
    /// <summary>Evaluates samples against a mixture.</summary>
    /// <param name="samples"><c>[N,2]</c> points.</param>
    /// <param name="mixture">The mixture they should come from.</param>
    /// <param name="thresholdInStd">The high-quality radius in standard deviations (3 in the papers).</param>
    /// <returns>The coverage.</returns>
    public static MixtureCoverage Evaluate(Tensor samples, GaussianMixture mixture, double thresholdInStd = 3.0)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(mixture);
        if (samples.dim() != 2 || samples.shape[1] != 2 || samples.shape[0] < 1)
            throw new ArgumentException($"Samples must be [N, 2] with N ≥ 1; got [{string.Join(",", samples.shape)}].", nameof(samples));
        using var scope = NewDisposeScope();
        var points = samples.detach().to(CPU).to(ScalarType.Float64);
        var modes = mixture.ModesTensor().to(ScalarType.Float64);
        var distances = cdist(points, modes);                 // [N, K]
        var (nearestDistance, nearest) = distances.min(1);
        var good = nearestDistance.le(thresholdInStd * mixture.StandardDeviation);
        long n = points.shape[0];
        int k = mixture.Modes.Count;
        var goodModes = nearest.masked_select(good);
        var counts = goodModes.numel() > 0 ? goodModes.bincount(null, k).to(ScalarType.Float64) : zeros(k, ScalarType.Float64);
        int captured = (int)counts.gt(0).sum().item<long>();
        double highQuality = good.to(ScalarType.Float64).mean().item<double>();
        double total = counts.sum().item<double>();
        double reverseKl = 0;
        if (total > 0)
        {
            var q = counts / total;
            var nonzero = q.gt(0);
            var qs = q.masked_select(nonzero);
            reverseKl = (qs * (qs * k).log()).sum().item<double>();
        }
        else
        {
            reverseKl = double.PositiveInfinity;
        }

        return new MixtureCoverage(captured, k, highQuality, reverseKl, n);
    }
}
