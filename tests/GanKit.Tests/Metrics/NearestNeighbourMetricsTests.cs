using GanKit.Metrics;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

[Collection(GanKit.Tests.TestSupport.GlobalTorchStateCollection.Name)]
public sealed class NearestNeighbourMetricsTests
{
    [Fact]
    public void Identical_sets_have_full_precision_recall_and_coverage()
    {
        manual_seed(6);
        using var features = randn(400, 16);
        var m = NearestNeighbourMetrics.Compute(features, features, k: 3, chunkSize: 64);
        m.Precision.Should().Be(1);
        m.Recall.Should().Be(1);
        m.Coverage.Should().Be(1);
        m.Density.Should().BeGreaterThanOrEqualTo(1.0 / 3, "every vector lies at least in its own ball");
    }

    [Fact]
    public void Disjoint_far_apart_sets_score_zero()
    {
        manual_seed(7);
        using var real = randn(200, 8);
        using var fake = randn(200, 8) + 100;
        var m = NearestNeighbourMetrics.Compute(real, fake);
        m.Precision.Should().Be(0);
        m.Recall.Should().Be(0);
        m.Density.Should().Be(0);
        m.Coverage.Should().Be(0);
    }

    [Fact]
    public void A_one_dimensional_example_matches_the_hand_count()
    {
        // Real 0, 1, 2, 3 with k = 1: every real ball has radius 1. Fake 0.5 and 10: fake radii 9.5.
        // Precision: 0.5 is inside (the balls of 0 and 1), 10 is not → 1/2. Recall: every real point is within 9.5 of 0.5 → 1.
        // Density: 0.5 lies in 2 real balls, 10 in none → 2 / (k·M) = 2 / 2 = 1. Coverage: the balls of 0 and 1 hold a fake → 2/4.
        using var real = tensor(new float[] { 0, 1, 2, 3 }, [4, 1]);
        using var fake = tensor(new float[] { 0.5f, 10 }, [2, 1]);
        var m = NearestNeighbourMetrics.Compute(real, fake, k: 1, chunkSize: 3);
        m.Precision.Should().Be(0.5);
        m.Recall.Should().Be(1);
        m.Density.Should().Be(1);
        m.Coverage.Should().Be(0.5);
    }

    [Fact]
    public void A_collapsed_generator_has_precision_but_little_recall()
    {
        manual_seed(8);
        using var real = randn(500, 2);
        using var fake = randn(500, 2) * 0.05; // all near the centre of the real cloud
        var m = NearestNeighbourMetrics.Compute(real, fake);
        m.Precision.Should().BeGreaterThan(0.95);
        m.Recall.Should().BeLessThan(0.2);
        m.Coverage.Should().BeLessThan(0.2);
    }

    [Fact]
    public void K_must_be_smaller_than_each_set()
    {
        using var three = zeros(3, 2);
        using var many = zeros(20, 2);
        FluentActions.Invoking(() => NearestNeighbourMetrics.Compute(three, many, k: 3)).Should().Throw<MetricInputException>().WithMessage("*at least 4*");
    }
}
