using GanKit.StyleTransfer.Colors;
using GanKit.StyleTransfer.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Tests.Colors;

public sealed class ColorDistributionTransferTests
{
    [Fact]
    public void Sliced_transport_gives_the_target_palette_mean_covariance_and_channel_quantiles()
    {
        using var scope = NewDisposeScope();
        var source = TestImages.Content(48);
        var target = TestImages.Stripes(40) * 0.6 + TestImages.Checks(40) * 0.3;

        var moved = ColorDistributionTransfer.Transfer(source, [(target, 1.0)], passes: 30, seed: 1);

        moved.shape.Should().Equal(3, 48, 48);
        var (mMean, mCov) = Moments(moved);
        var (tMean, tCov) = Moments(target);
        var (sMean, _) = Moments(source);
        (sMean - tMean).abs().max().item<double>().Should().BeGreaterThan(0.05, "the test needs a real change of palette");
        (mMean - tMean).abs().max().item<double>().Should().BeLessThan(0.01);
        (mCov - tCov).abs().max().item<double>().Should().BeLessThan(0.01);
        foreach (int c in new[] { 0, 1, 2 })
        {
            var q = tensor(new[] { 0.1, 0.5, 0.9 });
            var mq = quantile(moved[c].flatten().to(ScalarType.Float64), q);
            var tq = quantile(target[c].flatten().to(ScalarType.Float64), q);
            (mq - tq).abs().max().item<double>().Should().BeLessThan(0.04, $"channel {c} takes the target's distribution, not only its moments");
        }
    }

    [Fact]
    public void Sliced_transport_keeps_the_order_of_brightness_so_edges_stay_and_is_deterministic()
    {
        using var scope = NewDisposeScope();
        var source = TestImages.Content(32);
        var target = TestImages.Content(32).flip(1) * 0.6 + TestImages.Stripes(32) * 0.2 + 0.1;

        var first = ColorDistributionTransfer.Transfer(source, [(target, 1.0)], seed: 4);
        var second = ColorDistributionTransfer.Transfer(source, [(target, 1.0)], seed: 4);

        first.eq(second).all().item<bool>().Should().BeTrue();
        // The dark disc of the content stays darker than the sky around it.
        var luminance = YiqColorSpace.Luminance(first)[0];
        luminance[13, 19].item<float>().Should().BeLessThan(luminance[2, 19].item<float>());
    }

    [Fact]
    public void A_weight_zero_target_is_ignored()
    {
        using var scope = NewDisposeScope();
        var source = TestImages.Content(24);
        var a = TestImages.Stripes(24);
        var b = TestImages.Checks(24);

        var blended = ColorDistributionTransfer.Transfer(source, [(a, 1.0), (b, 0.0)], seed: 2);
        var single = ColorDistributionTransfer.Transfer(source, [(a, 1.0)], seed: 2);

        blended.eq(single).all().item<bool>().Should().BeTrue();
    }

    private static (Tensor Mean, Tensor Covariance) Moments(Tensor image)
    {
        var pixels = image.reshape(3, -1).to(ScalarType.Float64);
        var mean = pixels.mean([1], keepdim: true);
        var centered = pixels - mean;
        return (mean, matmul(centered, centered.t()) / (pixels.shape[1] - 1));
    }
}
