using GanKit.Imaging;
using GanKit.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.Tests.Imaging;

public sealed class ImageReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static float[] Pixel(Tensor image, int y, int x) =>
        image[.., y, x].data<float>().ToArray();

    [Fact]
    public void Png_round_trip_keeps_every_pixel()
    {
        var rng = new Random(3);
        var bytes = new byte[3 * 5 * 7];
        rng.NextBytes(bytes);
        using var original = tensor(bytes, new long[] { 3, 5, 7 }, ScalarType.Byte).to(ScalarType.Float32).div(255f);
        var path = _dir.File("rt.png");

        original.SavePng(path);
        using var loaded = ImageReader.Load(path);

        loaded.shape.Should().Equal(3, 5, 7);
        loaded.mul(255f).round().to(ScalarType.Byte).data<byte>().ToArray()
            .Should().Equal(bytes, "PNG is lossless and values are exact multiples of 1/255");
    }

    [Fact]
    public void Grayscale_png_round_trips_as_one_channel_and_expands_to_rgb_on_request()
    {
        using var gray = linspace(0, 1, 16).view(1, 4, 4);
        var path = _dir.File("g.png");
        gray.SavePng(path);

        using var auto = ImageReader.Load(path, new ImageLoadOptions { ColorMode = ImageColorMode.Auto });
        using var rgb = ImageReader.Load(path);

        auto.shape.Should().Equal(1, 4, 4);
        auto.sub(gray).abs().max().item<float>().Should().BeLessThan(0.5f / 255);
        rgb.shape.Should().Equal(3, 4, 4);
        rgb[0].eq(rgb[1]).all().item<bool>().Should().BeTrue();
        rgb[1].eq(rgb[2]).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Grayscale_mode_uses_bt601_luminance()
    {
        var png = PngBuilder.Build(1, 1, PngBuilder.Rgb, 8, [[255, 0, 0]]);
        using var img = ImageReader.Load(Write("red.png", png), new ImageLoadOptions { ColorMode = ImageColorMode.Grayscale });
        img.shape.Should().Equal(1, 1, 1);
        img.item<float>().Should().BeApproximately(0.299f, 1e-4f);
    }

    [Fact]
    public void Alpha_is_composited_over_the_configured_background()
    {
        // One opaque red pixel, one fully transparent green pixel, one half-transparent blue pixel.
        var png = PngBuilder.Build(3, 1, PngBuilder.Rgba, 8, [[255, 0, 0, 255, 0, 255, 0, 0, 0, 0, 255, 128]]);
        var path = Write("alpha.png", png);

        using var onWhite = ImageReader.Load(path);
        using var onBlack = ImageReader.Load(path, new ImageLoadOptions { AlphaBackground = (0, 0, 0) });

        Pixel(onWhite, 0, 0).Should().Equal(1f, 0f, 0f);
        Pixel(onWhite, 0, 1).Should().Equal(1f, 1f, 1f);
        Pixel(onBlack, 0, 1).Should().Equal(0f, 0f, 0f);
        var a = 128f / 255;
        Pixel(onWhite, 0, 2).Should().BeEquivalentTo(new[] { 1 - a, 1 - a, 1f }, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 2e-3f)).WhenTypeIs<float>());
        Pixel(onBlack, 0, 2).Should().BeEquivalentTo(new[] { 0f, 0f, a }, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 2e-3f)).WhenTypeIs<float>());
    }

    [Fact]
    public void Sixteen_bit_gray_and_gray_alpha_are_scaled_to_unit_range()
    {
        // 16-bit gray: 0x0000, 0x8080, 0xFFFF.
        var gray16 = PngBuilder.Build(3, 1, PngBuilder.Gray, 16, [[0x00, 0x00, 0x80, 0x80, 0xFF, 0xFF]]);
        using var g = ImageReader.Load(Write("g16.png", gray16), new ImageLoadOptions { ColorMode = ImageColorMode.Auto });
        g.shape.Should().Equal(1, 1, 3);
        g.data<float>().ToArray().Should().Equal(0f, 128f / 255, 1f);

        // 8-bit gray+alpha, fully opaque mid gray.
        var ga = PngBuilder.Build(1, 1, PngBuilder.GrayAlpha, 8, [[100, 255]]);
        using var l = ImageReader.Load(Write("ga.png", ga));
        Pixel(l, 0, 0).Should().Equal(100f / 255, 100f / 255, 100f / 255);
    }

    [Fact]
    public void Palette_png_maps_indices_to_colors()
    {
        byte[] palette = [10, 20, 30, 200, 100, 50];
        var png = PngBuilder.Build(2, 1, PngBuilder.Palette, 8, [[1, 0]], palette);
        using var img = ImageReader.Load(Write("pal.png", png));
        Pixel(img, 0, 0).Should().Equal(200f / 255, 100f / 255, 50f / 255);
        Pixel(img, 0, 1).Should().Equal(10f / 255, 20f / 255, 30f / 255);
    }

    [Fact]
    public void Bmp_is_read_top_down_in_rgb_order()
    {
        var bmp = BmpBuilder.Build(2, 2, (x, y) => ((byte)(x * 200), (byte)(y * 100), 7));
        using var img = ImageReader.Load(Write("a.bmp", bmp));
        img.shape.Should().Equal(3, 2, 2);
        Pixel(img, 1, 1).Should().Equal(200f / 255, 100f / 255, 7f / 255);
        Pixel(img, 0, 1).Should().Equal(200f / 255, 0f, 7f / 255);
    }

    [Fact]
    public void Gif_reads_the_first_frame()
    {
        // Two 1×1 frames: red from the global palette, then green from a local palette.
        byte[] gif =
        [
            .."GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0xFF, 0, 0, 0, 0, 0,
            0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0,
            0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0x80, 0, 0xFF, 0, 0, 0, 0, 2, 2, 0x44, 1, 0,
            0x3B,
        ];
        using var img = ImageReader.Load(Write("two.gif", gif));
        Pixel(img, 0, 0).Should().Equal(1f, 0f, 0f);
    }

    [Fact]
    public void Cmyk_jpeg_is_converted_to_rgb()
    {
        // 8×8 JPEG in CMYK (Adobe marker) of sRGB (200, 40, 40), made with ImageMagick.
        var jpeg = Convert.FromBase64String(
            "/9j/7gAOQWRvYmUAZAAAAAAC/9sAQwACAQEBAQECAQEBAgICAgIEAwICAgIFBAQDBAYFBgYGBQYGBgcJCAYHCQcGBggLCAkKCgoKCgYICwwLCgwJCgoK/9sAQwECAgICAgIFAwMFCgcGBwoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoK/8AAFAgACAAIBAERAAIRAQMRAQQRAP/EABUAAQEAAAAAAAAAAAAAAAAAAAYJ/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/EABUBAQEAAAAAAAAAAAAAAAAAAAgJ/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAA4EAQACEQMRBAAAPwB4RCM6kD//2Q==");
        using var img = ImageReader.Load(Write("cmyk.jpg", jpeg));
        img.shape.Should().Equal(3, 8, 8);
        var p = Pixel(img, 4, 4);
        p[0].Should().BeApproximately(200f / 255, 0.04f);
        p[1].Should().BeApproximately(40f / 255, 0.04f);
        p[2].Should().BeApproximately(40f / 255, 0.04f);
    }

    [Fact]
    public void Header_is_readable_without_decoding()
    {
        var path = Write("huge.png", PngBuilder.HugeHeader(30000, 20000));
        var info = ImageReader.ReadInfo(path);
        info.Should().Be(new ImageInfo(30000, 20000, "Png", true, false));
    }

    [Fact]
    public void Impossible_limits_are_refused_by_every_reading_method()
    {
        var path = Write("small.png", PngBuilder.Build(4, 4, PngBuilder.Gray, 8, Enumerable.Repeat(new byte[4], 4).ToArray()));
        var bad = new ImageLoadOptions { MaxFileBytes = 0 };
        FluentActions.Invoking(() => ImageReader.ReadInfo(path, bad)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*MaxFileBytes*");
        FluentActions.Invoking(() => ImageReader.Load(path, bad)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*MaxFileBytes*");
    }

    public static TheoryData<string, byte[], string> BadFiles() => new()
    {
        { "empty.png", [], "empty" },
        { "text.png", "hello, this is not an image at all"u8.ToArray(), "not a recognised image" },
        { "header-only.png", PngBuilder.Build(4, 4, PngBuilder.Gray, 8, Enumerable.Repeat(new byte[4], 4).ToArray())[..20], "truncated" },
        { "cut.png", TruncatedPng(), "truncated" },
    };

    private static byte[] TruncatedPng()
    {
        var rows = Enumerable.Range(0, 64).Select(y => Enumerable.Range(0, 64 * 3).Select(i => (byte)(i * 7 + y * 13)).ToArray()).ToArray();
        var full = PngBuilder.Build(64, 64, PngBuilder.Rgb, 8, rows);
        return full[..(full.Length / 2)];
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_files_give_an_exception_naming_file_and_reason(string name, byte[] bytes, string reason)
    {
        var path = Write(name, bytes);
        var act = () => ImageReader.Load(path);
        act.Should().Throw<InvalidImageException>()
            .Where(e => e.Path == path && e.Message.Contains(path) && e.Reason.Contains(reason));
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var path = _dir.File("nope.png");
        var act = () => ImageReader.Load(path);
        act.Should().Throw<InvalidImageException>().Where(e => e.Reason.Contains("does not exist"));
    }

    [Fact]
    public void Declared_pixel_count_over_the_limit_is_refused_before_decoding()
    {
        var path = Write("huge.png", PngBuilder.HugeHeader(30000, 30000));
        var act = () => ImageReader.Load(path);
        act.Should().Throw<InvalidImageException>().Where(e => e.Reason.Contains("pixel limit") && e.Reason.Contains("30000"));
    }

    [Fact]
    public void File_size_over_the_limit_is_refused_before_reading()
    {
        var path = Write("big.bmp", BmpBuilder.Build(64, 64, (x, y) => (1, 2, 3)));
        var act = () => ImageReader.Load(path, new ImageLoadOptions { MaxFileBytes = 1000 });
        act.Should().Throw<InvalidImageException>().Where(e => e.Reason.Contains("byte limit"));
    }

    [Fact]
    public void Stream_input_honours_the_size_limit_and_names_the_source()
    {
        using var stream = new MemoryStream(new byte[5000]);
        var act = () => ImageReader.Load(stream, "upload#7", new ImageLoadOptions { MaxFileBytes = 1000 });
        act.Should().Throw<InvalidImageException>().Where(e => e.Path == "upload#7");
    }
}
