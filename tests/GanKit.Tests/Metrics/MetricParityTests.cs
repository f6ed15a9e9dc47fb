using System.Text.Json;
using GanKit.Metrics;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

/// <summary>Golden tests: GanKit's FID, KID and k-NN metrics against the reference implementations' values on the same features.</summary>
[Collection(GanKit.Tests.TestSupport.GlobalTorchStateCollection.Name)]
public sealed class MetricParityTests
{
    [Theory]
    [MemberData(nameof(GoldenParityData.Cases), MemberType = typeof(GoldenParityData))]
    public void Fid_is_within_1e9_of_the_high_precision_value_or_closer_than_pytorch_fid(string name)
    {
        var (x, y) = GoldenParityData.Features(name);
        using var _ = x;
        using var __ = y;
        var expected = GoldenParityData.Expected(name);
        double truth = expected.GetProperty("fid_high_precision").GetDouble();
        double pytorchFidError = Math.Abs(expected.GetProperty("fid_pytorch_fid").GetDouble() - truth);

        double fid = FrechetDistance.Compute(x, y);

        double error = Math.Abs(fid - truth);
        if (pytorchFidError <= 1e-9) error.Should().BeLessThanOrEqualTo(1e-9, $"pytorch-fid is within 1e-9 of the truth on case {name}");
        else error.Should().BeLessThanOrEqualTo(pytorchFidError, $"pytorch-fid is {pytorchFidError:G3} off the truth on case {name}");
    }

    [Theory]
    [MemberData(nameof(GoldenParityData.Cases), MemberType = typeof(GoldenParityData))]
    public void Kid_on_the_full_sets_matches_torch_fidelitys_unbiased_mmd2(string name)
    {
        var (x, y) = GoldenParityData.Features(name);
        using var _ = x;
        using var __ = y;
        double expected = GoldenParityData.Expected(name).GetProperty("kid_unbiased_mmd2_full_set").GetDouble();

        var kid = KernelInceptionDistance.Compute(x, y, subsetSize: (int)x.shape[0]);

        kid.Mean.Should().BeApproximately(expected, 1e-12);
        kid.Subsets.Should().Be(1, "every subset of the full size is the same sample");
        kid.StandardDeviation.Should().BeNull("one sample has no spread");
        kid.SubsetSize.Should().Be((int)x.shape[0]);
    }

    [Theory]
    [MemberData(nameof(GoldenParityData.Cases), MemberType = typeof(GoldenParityData))]
    public void Knn_metrics_match_the_reference_code_under_every_convention(string name)
    {
        var (x, y) = GoldenParityData.Features(name);
        using var _ = x;
        using var __ = y;
        var expected = GoldenParityData.Expected(name);
        var strict = expected.GetProperty(GoldenParityData.StrictKey);
        var inclusive = expected.GetProperty(GoldenParityData.InclusiveKey);

        // Chunks smaller than the sets, so a tie must survive being computed in different blocks.
        var byDefault = NearestNeighbourMetrics.Compute(x, y, chunkSize: 97);
        var allInclusive = NearestNeighbourMetrics.Compute(x, y, chunkSize: 97, convention: NeighbourBallConvention.Inclusive);
        var allStrict = NearestNeighbourMetrics.Compute(x, y, chunkSize: 97, convention: NeighbourBallConvention.Strict);

        ShouldMatch(byDefault, precisionAndRecall: inclusive, densityAndCoverage: strict, x.shape[0], y.shape[0]);
        ShouldMatch(allInclusive, inclusive, inclusive, x.shape[0], y.shape[0]);
        ShouldMatch(allStrict, strict, strict, x.shape[0], y.shape[0]);
    }

    [Fact]
    public void Identical_sets_score_zero_distance_and_one_on_every_knn_metric()
    {
        // Case e: 1,000 × 32 exact copies, so every cross-set distance to a ball's own centre is 0 and ties are everywhere.
        var (x, y) = GoldenParityData.Features("e");
        using var _ = x;
        using var __ = y;
        FrechetDistance.Compute(x, y).Should().BeApproximately(0, 1e-12);
        KernelInceptionDistance.Compute(x, y, subsets: 10, subsetSize: 500).Mean.Should().BeApproximately(0, 0.05);
        NearestNeighbourMetrics.Compute(x, y).Should().BeEquivalentTo(new ManifoldMetrics(1, 1, 1, 1, 3));
    }

    [Fact]
    public void Identical_random_float32_sets_score_one_on_every_knn_metric()
    {
        manual_seed(21);
        using var features = randn(700, 24);
        NearestNeighbourMetrics.Compute(features, features.clone(), chunkSize: 128).Should().BeEquivalentTo(new ManifoldMetrics(1, 1, 1, 1, 3));
    }

    private static void ShouldMatch(ManifoldMetrics actual, JsonElement precisionAndRecall, JsonElement densityAndCoverage, long n, long m)
    {
        // Each metric is a count over a fixed denominator; comparing the counts is the exact comparison (the reference code's
        // own floating-point division may differ from GanKit's in the last bit, e.g. 1.1686666666666665 vs …667).
        Count(actual.Precision * m).Should().Be(Count(precisionAndRecall.GetProperty("precision").GetDouble() * m), "precision");
        Count(actual.Recall * n).Should().Be(Count(precisionAndRecall.GetProperty("recall").GetDouble() * n), "recall");
        Count(actual.Density * 3 * m).Should().Be(Count(densityAndCoverage.GetProperty("density").GetDouble() * 3 * m), "density");
        Count(actual.Coverage * n).Should().Be(Count(densityAndCoverage.GetProperty("coverage").GetDouble() * n), "coverage");
        actual.Precision.Should().BeApproximately(precisionAndRecall.GetProperty("precision").GetDouble(), 1e-15);
        actual.Recall.Should().BeApproximately(precisionAndRecall.GetProperty("recall").GetDouble(), 1e-15);
        actual.Density.Should().BeApproximately(densityAndCoverage.GetProperty("density").GetDouble(), 1e-15);
        actual.Coverage.Should().BeApproximately(densityAndCoverage.GetProperty("coverage").GetDouble(), 1e-15);
    }

    private static long Count(double scaled) => (long)Math.Round(scaled);
}
