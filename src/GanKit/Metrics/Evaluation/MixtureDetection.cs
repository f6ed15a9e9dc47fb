using GanKit.Data;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>Recognises the known 2D mixtures (ring-8, grid-25) from real data: every mode covered and ≥ 95% of the points within 3σ.</summary>
internal static class MixtureDetection
{
    private const int Probe = 2000;

    public static GaussianMixture Detect(IGanDataset data)
    {
        using var scope = NewDisposeScope();
        int n = (int)Math.Min(Probe, data.Count);
        using var batch = data.GetBatch(Enumerable.Range(0, n).Select(i => (long)i).ToArray());
        foreach (var mixture in new[] { GaussianMixture.Ring8, GaussianMixture.Grid25 })
        {
            var coverage = MixtureCoverage.Evaluate(batch.Samples, mixture);
            if (coverage.ModesCaptured == coverage.ModesTotal && coverage.HighQualityFraction >= 0.95) return mixture;
        }

        throw new MetricInputException(
            "The 2D data set is neither the ring-8 nor the grid-25 mixture; set EvaluationOptions.Mixture to the mixture it comes from.");
    }
}
