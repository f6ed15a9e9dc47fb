using GanKit.Metrics;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

public sealed class ClassDistributionTests
{
    [Fact]
    public void A_balanced_spread_covers_every_class_with_zero_kl()
    {
        using var predictions = arange(1000) % 10;
        var d = ClassDistribution.FromPredictions(predictions, 10);
        d.ClassCoverage.Should().Be(1);
        d.KlFromUniform.Should().BeApproximately(0, 1e-12);
        d.Counts.Should().AllBeEquivalentTo(100L);
    }

    [Fact]
    public void A_single_class_covers_one_class_with_kl_ln_k()
    {
        using var predictions = full(new long[] { 50 }, 3L);
        var d = ClassDistribution.FromPredictions(predictions, 10);
        d.ClassCoverage.Should().Be(0.1);
        d.KlFromUniform.Should().BeApproximately(Math.Log(10), 1e-12);
    }

    [Fact]
    public void Stray_predictions_below_the_minimum_share_do_not_count_as_covered()
    {
        // 990 samples in class 0, 10 in class 1 (1% < 0.1/2 = 5%): only class 0 is covered by default; both with a tiny share.
        long[] counts = [990, 10];
        ClassDistribution.FromCounts(counts).ClassCoverage.Should().Be(0.5);
        ClassDistribution.FromCounts(counts, minimumShare: 1e-12).ClassCoverage.Should().Be(1);
        ClassDistribution.FromCounts(counts).KlFromUniform.Should().BeApproximately(0.99 * Math.Log(1.98) + 0.01 * Math.Log(0.02), 1e-12);
    }

    [Fact]
    public void Predictions_outside_the_classes_are_rejected()
    {
        using var predictions = tensor(new long[] { 0, 1, 12 });
        FluentActions.Invoking(() => ClassDistribution.FromPredictions(predictions, 10)).Should().Throw<MetricInputException>().WithMessage("*[0, 10)*");
    }
}
