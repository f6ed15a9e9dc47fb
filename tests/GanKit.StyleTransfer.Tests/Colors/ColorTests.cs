using GanKit.StyleTransfer.Colors;
using GanKit.StyleTransfer.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Tests.Colors;

public sealed class ColorTests
{
    [Fact]
    public void Yiq_round_trips_and_its_luminance_uses_bt601_weights()
    {
        using var scope = NewDisposeScope();
        var rgb = rand(3, 5, 7, generator: new Generator(1));
        var yiq = YiqColorSpace.FromRgb(rgb);

        (YiqColorSpace.ToRgb(yiq) - rgb).abs().max().item<float>().Should().BeLessThan(1e-5f);
        var expectedY = rgb[0] * 0.299f + rgb[1] * 0.587f + rgb[2] * 0.114f;
        (yiq[0] - expectedY).abs().max().item<float>().Should().BeLessThan(1e-5f);
        (YiqColorSpace.Luminance(rgb)[0] - expectedY).abs().max().item<float>().Should().BeLessThan(1e-6f);
        // Gray has no chroma.
        YiqColorSpace.FromRgb(full(new long[] { 3, 2, 2 }, 0.4f)).narrow(0, 1, 2).abs().max().item<float>().Should().BeLessThan(1e-6f);
    }

    [Fact]
    public void Color_statistics_matching_gives_the_target_mean_and_covariance()
    {
        using var scope = NewDisposeScope();
        // Stripes alone vary along one colour line; checks and noise give the source a full-rank covariance.
        var source = TestImages.Stripes(32) * 0.5 + TestImages.Checks(32) * 0.3 + rand(3, 32, 32, generator: new Generator(2)) * 0.2;
        // A target with colour spread in every direction, narrow enough that the match needs no clamping.
        var target = TestImages.Content(32) * 0.5 + TestImages.Checks(32).flip(2) * 0.2 + 0.1;

        var matched = ColorStatisticsMatching.Match(source, target);

        var (mMean, mCov) = Moments(matched);
        var (tMean, tCov) = Moments(target);
        (mMean - tMean).abs().max().item<double>().Should().BeLessThan(2e-3);
        (mCov - tCov).abs().max().item<double>().Should().BeLessThan(2e-3);
    }

    private static (Tensor, Tensor) Moments(Tensor image)
    {
        var p = image.reshape(3, -1).to(ScalarType.Float64);
        var mean = p.mean([1], keepdim: true);
        var c = p - mean;
        return (mean, matmul(c, c.t()) / (p.shape[1] - 1));
    }
}
