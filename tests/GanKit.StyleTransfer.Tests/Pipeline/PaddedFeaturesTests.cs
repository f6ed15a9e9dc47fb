using GanKit.StyleTransfer.Pipeline;
using GanKit.StyleTransfer.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Tests.Pipeline;

public sealed class PaddedFeaturesTests
{
    [Fact]
    public void Reflection_padding_keeps_every_tap_shape_and_removes_the_zero_padding_border()
    {
        using var network = new TinyFeatureNetwork();
        using var scope = NewDisposeScope();
        // A flat image: without zero padding its features would be the same everywhere.
        var flat = full(new long[] { 1, 3, 32, 32 }, 0.7f);
        var taps = network.Taps.ToArray();

        var plain = network.Extract(flat, taps);
        var padded = PaddedFeatures.Extract(network, flat, taps, padding: 16);

        foreach (var tap in taps)
        {
            padded[tap].shape.Should().Equal(plain[tap].shape, $"tap {tap} is cropped back to the image's area");
            Spread(plain[tap]).Should().BeGreaterThan(1e-3f, $"zero padding makes the border of {tap} differ");
            Spread(padded[tap]).Should().BeLessThan(1e-5f, $"with reflection {tap} sees no border");
        }
    }

    [Fact]
    public void Padding_zero_is_the_plain_network_and_cropping_follows_the_stride()
    {
        using var network = new TinyFeatureNetwork();
        using var scope = NewDisposeScope();
        var image = TestImages.Content(24).unsqueeze(0);

        var plain = network.Extract(image, ["conv2"])["conv2"];
        PaddedFeatures.Extract(network, image, ["conv2"], padding: 0)["conv2"].eq(plain).all().item<bool>().Should().BeTrue();

        // A 2x-strided map of a 24 px image padded by 8: 20 columns, of which 4 per side came from the padding.
        PaddedFeatures.Crop(zeros(1, 1, 20, 20), 8, 24, 24).shape.Should().Equal(1, 1, 12, 12);
    }

    private static float Spread(Tensor features) => (features.amax([2, 3]) - features.amin([2, 3])).max().item<float>();
}
