using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// How generated samples spread over the classes a classifier predicts for them: class coverage and the KL divergence of the
/// class histogram from uniform. A mode-collapsed generator on a balanced labelled data set (Fashion-MNIST) shows up here as
/// missing classes and a large KL.
/// </summary>
/// <param name="Counts">Samples predicted per class.</param>
/// <param name="ClassCoverage">
/// The fraction of classes whose share of the predictions is at least <paramref name="MinimumShare"/>. A class that a few
/// stray samples are misclassified into does not count as covered.
/// </param>
/// <param name="KlFromUniform">KL(q ‖ u) = Σ q log(q·K) of the predicted class histogram q from uniform u: 0 for a perfectly balanced spread, ln K when every sample lands in one class.</param>
/// <param name="MinimumShare">The share a class needs to count as covered.</param>
public sealed record ClassDistribution(IReadOnlyList<long> Counts, double ClassCoverage, double KlFromUniform, double MinimumShare)
{
    /// <summary>The default minimum share: a tenth of the uniform share 1/K (1% of the samples for 10 classes).</summary>
    /// <param name="classCount">K.</param>
    /// <returns>0.1 / K.</returns>
    public static double DefaultMinimumShare(int classCount) => 0.1 / classCount;

    /// <summary>Builds the distribution from predicted labels.</summary>
    /// <param name="predictions"><c>[N]</c> integer class indices in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">K, at least 2.</param>
    /// <param name="minimumShare">The share a class needs to count as covered; null means <see cref="DefaultMinimumShare"/>. Use a tiny value (e.g. 1e-12) for "at least one sample".</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="MetricInputException">The predictions are empty, not a vector of integers, or outside the classes.</exception>
    public static ClassDistribution FromPredictions(Tensor predictions, int classCount, double? minimumShare = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (classCount < 2) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "At least 2 classes are needed.");
        double share = minimumShare ?? DefaultMinimumShare(classCount);
        if (!(share is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(minimumShare), minimumShare, "The minimum share must be in (0, 1].");
        TorchRuntime.EnsureLoaded();
        if (predictions.dim() != 1 || predictions.numel() == 0 || predictions.is_floating_point())
            throw new MetricInputException($"Predictions must be a non-empty vector of class indices; got {predictions.dtype} [{string.Join(",", predictions.shape)}].");
        using var scope = NewDisposeScope();
        var labels = predictions.detach().to(CPU).to(ScalarType.Int64);
        long min = labels.min().item<long>(), max = labels.max().item<long>();
        if (min < 0 || max >= classCount) throw new MetricInputException($"Predictions must lie in [0, {classCount}); found [{min}, {max}].");
        var counts = labels.bincount(null, classCount).data<long>().ToArray();
        return FromCounts(counts, share);
    }

    /// <summary>Builds the distribution from per-class counts.</summary>
    /// <param name="counts">Samples per class (K ≥ 2 entries, not all zero).</param>
    /// <param name="minimumShare">The share a class needs to count as covered; null means <see cref="DefaultMinimumShare"/>.</param>
    /// <returns>The distribution.</returns>
    public static ClassDistribution FromCounts(IReadOnlyList<long> counts, double? minimumShare = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int k = counts.Count;
        if (k < 2) throw new MetricInputException("A class distribution needs at least 2 classes.");
        if (counts.Any(c => c < 0)) throw new MetricInputException("Class counts cannot be negative.");
        double total = counts.Sum();
        if (total <= 0) throw new MetricInputException("A class distribution needs at least one sample.");
        double share = minimumShare ?? DefaultMinimumShare(k);
        double covered = counts.Count(c => c / total >= share);
        double kl = counts.Where(c => c > 0).Sum(c => c / total * Math.Log(c / total * k));
        return new ClassDistribution(counts.ToArray(), covered / k, kl, share);
    }
}
