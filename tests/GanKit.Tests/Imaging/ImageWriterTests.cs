using GanKit.Imaging;
using GanKit.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.Tests.Imaging;

public sealed class ImageWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Grid_places_each_tile_at_its_row_and_column()
    {
        // Five 1-channel 2×3 tiles whose value is their index / 10; three columns; padding 1.
        using var batch = arange(5).to(ScalarType.Float32).div(10f).view(5, 1, 1, 1).expand(5, 1, 2, 3).contiguous();
        using var grid = ImageGrid.Compose(batch, new ImageGridOptions { Columns = 3, Padding = 1, PadValue = 0.9f });

        grid.shape.Should().Equal(1, 2 * (2 + 1) + 1, 3 * (3 + 1) + 1);
        for (int i = 0; i < 5; i++)
        {
            int top = 1 + (i / 3) * 3, left = 1 + (i % 3) * 4;
            grid[0, top, left].item<float>().Should().BeApproximately(i / 10f, 1e-6f);
            grid[0, top + 1, left + 2].item<float>().Should().BeApproximately(i / 10f, 1e-6f);
        }

        grid[0, 0, 0].item<float>().Should().Be(0.9f, "the border is padding");
        grid[0, 4, 9].item<float>().Should().Be(0.9f, "cell six is empty");
    }

    [Fact]
    public void Saving_a_batch_writes_a_grid_png_with_signed_range_mapped()
    {
        using var batch = full(new long[] { 4, 3, 8, 8 }, -1f); // black in [-1, 1]
        var path = _dir.File("grid.png");
        batch.SavePng(path, PixelRange.MinusOneToOne);

        using var loaded = ImageReader.Load(path);
        loaded.shape.Should().Equal(3, 2 * 10 + 2, 2 * 10 + 2);
        loaded.max().item<float>().Should().Be(0f);
    }

    [Fact]
    public void Writing_refuses_nan_and_bad_shapes()
    {
        using var nan = full(new long[] { 3, 2, 2 }, float.NaN);
        var path = _dir.File("x.png");
        FluentActions.Invoking(() => nan.SavePng(path)).Should().Throw<ArgumentException>().WithMessage("*NaN*");
        using var twoChannels = zeros(2, 4, 4);
        FluentActions.Invoking(() => twoChannels.SavePng(path)).Should().Throw<ArgumentException>().WithMessage("*C = 1, 3 or 4*");
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void Values_outside_the_range_are_clipped()
    {
        using var img = tensor(new[] { -0.5f, 0.5f, 1.5f }).view(1, 1, 3);
        var path = _dir.File("clip.png");
        img.SavePng(path);
        using var back = ImageReader.Load(path, new ImageLoadOptions { ColorMode = ImageColorMode.Auto });
        back.data<float>().ToArray().Should().Equal(0f, 128f / 255, 1f);
    }
}
