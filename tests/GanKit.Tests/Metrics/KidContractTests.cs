using GanKit.Metrics;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

/// <summary>KID never clamps silently and never reports a spread that is not one.</summary>
[Collection(GanKit.Tests.TestSupport.GlobalTorchStateCollection.Name)]
public sealed class KidContractTests
{
    [Fact]
    public void A_subset_larger_than_a_set_is_refused_naming_both_sizes()
    {
        manual_seed(31);
        using var real = randn(500, 4);
        using var fake = randn(800, 4);
        FluentActions.Invoking(() => KernelInceptionDistance.Compute(real, fake, subsets: 10, subsetSize: 600))
            .Should().Throw<MetricInputException>().WithMessage("*subsets of 600*real set holds 500*generated set 800*at most 500*");
    }

    [Fact]
    public void Subsets_as_large_as_both_sets_give_one_full_set_estimate_without_a_spread()
    {
        manual_seed(32);
        using var real = randn(300, 4);
        using var fake = randn(300, 4) + 0.5;
        var kid = KernelInceptionDistance.Compute(real, fake, subsets: 50, subsetSize: 300);
        kid.Subsets.Should().Be(1);
        kid.StandardDeviation.Should().BeNull();
        kid.Mean.Should().Be(KernelInceptionDistance.UnbiasedMmd2(real.to(ScalarType.Float64), fake.to(ScalarType.Float64)));
    }

    [Fact]
    public void One_subset_has_no_spread_and_several_have_a_real_one()
    {
        manual_seed(33);
        using var real = randn(400, 4);
        using var fake = randn(400, 4) + 0.5;
        KernelInceptionDistance.Compute(real, fake, subsets: 1, subsetSize: 100).StandardDeviation.Should().BeNull();
        var several = KernelInceptionDistance.Compute(real, fake, subsets: 20, subsetSize: 100);
        several.StandardDeviation.Should().BeGreaterThan(1e-4, "subsets of 100 out of 400 differ");
        several.Subsets.Should().Be(20);
        several.SubsetSize.Should().Be(100);
    }

    [Fact]
    public void The_reused_buffer_gives_the_same_estimate_as_a_direct_computation()
    {
        manual_seed(34);
        using var x = randn(50, 10, ScalarType.Float64);
        using var y = randn(50, 10, ScalarType.Float64) * 1.5;
        static double Direct(Tensor a, Tensor b)
        {
            double d = a.shape[1], m = a.shape[0];
            using var kxx = (a.mm(a.t()) / d + 1).pow(3);
            using var kyy = (b.mm(b.t()) / d + 1).pow(3);
            using var kxy = (a.mm(b.t()) / d + 1).pow(3);
            return ((kxx.sum() - kxx.trace()).item<double>() + (kyy.sum() - kyy.trace()).item<double>()) / (m * (m - 1)) - 2 * kxy.mean().item<double>();
        }

        using var buffer = full(50, 50, double.NaN, ScalarType.Float64);
        KernelInceptionDistance.UnbiasedMmd2(x, y, buffer).Should().BeApproximately(Direct(x, y), 1e-12);
    }
}
