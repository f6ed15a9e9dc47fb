using GanKit.Metrics;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

[Collection(GanKit.Tests.TestSupport.GlobalTorchStateCollection.Name)]
public sealed class FrechetDistanceTests
{
    [Fact]
    public void Identical_feature_sets_are_at_distance_zero()
    {
        manual_seed(1);
        using var features = randn(500, 16) * 3 + 2;
        FrechetDistance.Compute(features, features).Should().BeApproximately(0, 1e-8);
    }

    [Fact]
    public void Diagonal_gaussians_match_the_closed_form()
    {
        // FID = |μ1 − μ2|² + Σ (σ1 − σ2)² when both covariances are diagonal.
        double[] mu1 = [0, 1, 2, -1], mu2 = [1, 1, 0, 0.5];
        double[] var1 = [1, 4, 0.25, 9], var2 = [4, 1, 0.25, 1];
        double expected = mu1.Zip(mu2).Sum(p => (p.First - p.Second) * (p.First - p.Second))
                          + var1.Zip(var2).Sum(p => Math.Pow(Math.Sqrt(p.First) - Math.Sqrt(p.Second), 2));
        using var m1 = tensor(mu1);
        using var m2 = tensor(mu2);
        using var c1 = diag(tensor(var1));
        using var c2 = diag(tensor(var2));
        FrechetDistance.Compute(m1, c1, m2, c2).Should().BeApproximately(expected, 1e-10);
    }

    [Fact]
    public void Equal_full_covariances_leave_only_the_mean_term()
    {
        using var a = tensor(new double[,] { { 2, 0.9, 0.3 }, { 0.9, 1, 0.2 }, { 0.3, 0.2, 0.5 } });
        using var m1 = tensor(new double[] { 0, 0, 0 });
        using var m2 = tensor(new double[] { 1, 2, 2 });
        FrechetDistance.Compute(m1, a, m2, a).Should().BeApproximately(9, 1e-9);
    }

    [Fact]
    public void Non_commuting_covariances_match_a_hand_computed_value()
    {
        // Σ1 = diag(4, 1), Σ2 = [[1, 0], [0, 4]] rotated by 45°: Σ2 = [[2.5, 1.5], [1.5, 2.5]].
        // Σ1^½ Σ2 Σ1^½ = [[10, 3], [3, 2.5]]: eigenvalues (12.5 ± √(7.5² + 36)) / 2 = (12.5 ± 9.6047) / 2.
        double disc = Math.Sqrt(7.5 * 7.5 + 36);
        double traceSqrt = Math.Sqrt((12.5 + disc) / 2) + Math.Sqrt((12.5 - disc) / 2);
        double expected = 5 + 5 - 2 * traceSqrt;
        using var zero = zeros(2, ScalarType.Float64);
        using var c1 = tensor(new double[,] { { 4, 0 }, { 0, 1 } });
        using var c2 = tensor(new double[,] { { 2.5, 1.5 }, { 1.5, 2.5 } });
        FrechetDistance.Compute(zero, c1, zero, c2).Should().BeApproximately(expected, 1e-10);
    }

    [Fact]
    public void Singular_covariances_with_fewer_samples_than_dimensions_give_a_finite_distance()
    {
        manual_seed(2);
        using var a = randn(20, 64);
        using var b = randn(20, 64) + 0.5;
        double fid = FrechetDistance.Compute(a, b);
        double.IsFinite(fid).Should().BeTrue();
        fid.Should().BeGreaterThan(10, "the means differ by 0.5 in each of 64 dimensions (≈ 16)");
    }

    [Fact]
    public void Streaming_statistics_equal_the_statistics_of_all_samples_at_once()
    {
        manual_seed(3);
        using var all = randn(1000, 8, ScalarType.Float64) * 0.1 + 1000; // a large mean tests the numerically stable merge
        using var stats = new FeatureStatistics(8);
        foreach (var size in new[] { 1, 7, 100, 392, 500 })
        {
            long start = stats.Count;
            using var chunk = all.narrow(0, start, size);
            stats.Add(chunk);
        }

        stats.Count.Should().Be(1000);
        using var mean = stats.Mean();
        using var cov = stats.Covariance();
        using var expectedMean = all.mean([0]);
        using var expectedCov = all.t().cov();
        (mean - expectedMean).abs().max().item<double>().Should().BeLessThan(1e-9);
        (cov - expectedCov).abs().max().item<double>().Should().BeLessThan(1e-10);
    }

    [Fact]
    public void Bad_input_gives_a_metric_input_exception()
    {
        using var a = randn(10, 4);
        using var b = randn(10, 5);
        using var nan = full(new long[] { 10, 4 }, float.NaN);
        FluentActions.Invoking(() => FrechetDistance.Compute(a, b)).Should().Throw<MetricInputException>().WithMessage("*dimensions*");
        FluentActions.Invoking(() => FrechetDistance.Compute(a, nan)).Should().Throw<MetricInputException>().WithMessage("*NaN*");
        using var one = randn(1, 4);
        FluentActions.Invoking(() => FrechetDistance.Compute(a, one)).Should().Throw<MetricInputException>().WithMessage("*at least 2*");
        using var stats = new FeatureStatistics(4);
        FluentActions.Invoking(() => stats.Add(b)).Should().Throw<MetricInputException>();
        FluentActions.Invoking(() => stats.Covariance()).Should().Throw<MetricInputException>();
    }
}
