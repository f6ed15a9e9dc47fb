using GanKit.StyleTransfer.Tests.TestSupport;
using SkiaSharp;

namespace GanKit.StyleTransfer.Tests;

public sealed class StyleTransferTensorBoardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-style-tb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Losses_per_iteration_and_the_image_of_every_scale_are_read_back()
    {
        using var content = TestImages.Content(64);
        using var style = TestImages.Stripes(64);
        using var stylizer = Stylizers.Tiny().WithOptimizer(ImageMinimizers.Adam(0.03, 7)).WithScales(2).WithScaleSchedule(0, [4, 3])
            .MatchStyleColors(StyleColorMatch.None).Build();
        var forwarded = new List<StyleTransferProgress>();
        StyleTransferResult first, second;
        using (var sink = new StyleTransferTensorBoard(_dir, new SynchronousProgress(forwarded.Add)))
        {
            first = await stylizer.StylizeAsync(content, style, sink);
            second = await stylizer.StylizeAsync(content, style, sink);
        }

        using (first)
        using (second)
        {
            var events = EventFileReader.ReadSingle(_dir);
            var scalars = EventFileReader.Scalars(events);
            // Each scale reports its starting point (iteration 0) and then every iteration; the second run continues the steps.
            var history = first.History.Concat(second.History).ToArray();
            history.Select(h => (h.Scale, h.Iteration)).Should().Equal(Enumerable.Repeat(new[] { (1, 0), (1, 1), (1, 2), (1, 3), (1, 4), (2, 0), (2, 1), (2, 2), (2, 3) }, 2).SelectMany(x => x));
            forwarded.Should().HaveCount(18, "every report is forwarded");
            for (int i = 0; i < history.Length; i++)
            {
                long step = i + 1;
                var at = scalars.Where(s => s.Step == step).ToDictionary(s => s.Tag, s => s.Value);
                var losses = history[i].Losses;
                at[StyleTransferTensorBoard.ContentLoss].Should().Be((float)losses.Content);
                at[StyleTransferTensorBoard.StyleLoss].Should().Be((float)losses.Style);
                at[StyleTransferTensorBoard.TotalVariationLoss].Should().Be((float)losses.TotalVariation);
                at[StyleTransferTensorBoard.OtherLoss].Should().Be(0f);
                at[StyleTransferTensorBoard.TotalLoss].Should().Be((float)losses.Total);
                at[StyleTransferTensorBoard.Scale].Should().Be(history[i].Scale);
            }

            var images = EventFileReader.Images(events);
            images.Select(i => (i.Tag, i.Step)).Should().Equal(("image", 5L), ("image", 9L), ("image", 14L), ("image", 18L));
            for (int i = 0; i < 2; i++)
                (images[i].Image.Width, images[i].Image.Height).Should().Be((first.Scales[i].Width, first.Scales[i].Height));
            first.Scales[0].Width.Should().BeLessThan(first.Scales[1].Width, "the first scale is the coarse one");

            // Without a final colour transfer, the last scale's image is the result.
            using var last = SKBitmap.Decode(images[1].Image.EncodedImageString.ToByteArray());
            (last.Width, last.Height).Should().Be((64, 64));
            var expected = first.Image.mul(255).round().to(TorchSharp.torch.ScalarType.Byte).data<byte>().ToArray();
            foreach (var (x, y) in new[] { (0, 0), (10, 30), (63, 63), (24, 5) })
            {
                var pixel = last.GetPixel(x, y);
                new[] { pixel.Red, pixel.Green, pixel.Blue }.Should().Equal(
                    Enumerable.Range(0, 3).Select(c => expected[c * 64 * 64 + y * 64 + x]), $"pixel ({x},{y})");
            }
        }
    }

    [Fact]
    public void With_luminance_preservation_the_scale_image_is_RGB_with_the_contents_chroma()
    {
        using var content = TestImages.Content(40);
        using var style = TestImages.Stripes(40);
        using var stylizer = Stylizers.Tiny().WithOptimizer(ImageMinimizers.Lbfgs(iterations: 2)).PreserveColors(ColorPreservation.Luminance).Build();
        using (var sink = new StyleTransferTensorBoard(_dir))
        using (var result = stylizer.Stylize(content, [(style, 1.0)], sink))
        {
            var image = EventFileReader.Images(EventFileReader.ReadSingle(_dir)).Should().ContainSingle().Subject;
            image.Step.Should().Be(result.History.Count);
            (image.Image.Width, image.Image.Height, image.Image.Colorspace).Should().Be((40, 40, 3));
            using var bitmap = SKBitmap.Decode(image.Image.EncodedImageString.ToByteArray());
            var expected = result.Image.mul(255).round().to(TorchSharp.torch.ScalarType.Byte).data<byte>().ToArray();
            var pixel = bitmap.GetPixel(20, 20);
            new[] { pixel.Red, pixel.Green, pixel.Blue }.Should().Equal(expected[20 * 40 + 20], expected[1600 + 20 * 40 + 20], expected[3200 + 20 * 40 + 20]);
        }
    }

    private sealed class SynchronousProgress(Action<StyleTransferProgress> report) : IProgress<StyleTransferProgress>
    {
        public void Report(StyleTransferProgress value) => report(value);
    }
}
