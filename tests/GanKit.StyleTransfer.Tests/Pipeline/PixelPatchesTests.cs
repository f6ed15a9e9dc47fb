using GanKit.StyleTransfer.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Tests.Pipeline;

public sealed class PixelPatchesTests
{
    [Fact]
    public void Patches_are_the_5x5_neighbourhoods_at_stride_2_as_channels()
    {
        using var scope = NewDisposeScope();
        // One channel holding its own index: 0..80 on a 9 × 9 grid.
        var image = arange(81, dtype: ScalarType.Float32).view(1, 1, 9, 9);

        var patches = PixelPatches.Extract(image);

        patches.shape.Should().Equal(1, 25, 3, 3);
        // The patch at output (1, 2) starts at row 2, column 4; its channel k is pixel (2 + k / 5, 4 + k % 5).
        patches[0, 0, 1, 2].item<float>().Should().Be(2 * 9 + 4);
        patches[0, 24, 1, 2].item<float>().Should().Be(6 * 9 + 8);
        patches[0, 7, 1, 2].item<float>().Should().Be(3 * 9 + 6);
    }

    [Fact]
    public void The_pixel_tap_is_accepted_by_any_network_and_pulls_fine_texture_toward_the_style()
    {
        using var content = TestImages.Content(48);
        using var style = TestImages.Checks(48, cell: 2);
        using var stylizer = Stylizers.Tiny().WithStyleTaps(PixelPatches.Tap).WithContentTaps("conv1")
            .WithWeights(content: 0.1, style: 10).MatchStyleColors(StyleColorMatch.None).WithOptimizer(ImageMinimizers.Lbfgs(iterations: 15)).Build();

        using var result = stylizer.Stylize(content, [(style, 1.0)]);

        stylizer.StyleTaps.Keys.Should().Equal(PixelPatches.Tap);
        result.History[^1].Losses.Style.Should().BeLessThan(result.History[0].Losses.Style * 0.5);
        HighFrequency(result.Image).Should().BeGreaterThan(HighFrequency(content) * 3, "the 2 px checks' fine contrast is copied");
    }

    private static float HighFrequency(Tensor image) =>
        (image.narrow(2, 1, image.shape[2] - 1) - image.narrow(2, 0, image.shape[2] - 1)).abs().mean().item<float>();
}
