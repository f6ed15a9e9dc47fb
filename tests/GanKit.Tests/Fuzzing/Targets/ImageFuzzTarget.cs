using System.Buffers.Binary;
using CsCheck;
using GanKit.Imaging;
using GanKit.Tests.TestSupport;
using SkiaSharp;

namespace GanKit.Fuzzing;

/// <summary>
/// <see cref="ImageReader.Load(string, ImageLoadOptions?)"/> and <see cref="ImageReader.ReadInfo"/> on PNG (RGB, palette,
/// 16-bit gray + alpha), JPEG, WebP, BMP and GIF. Half the PNG cases get their chunk CRCs recomputed after the damage, so it
/// reaches the decoder instead of stopping at the checksum. Contract: only <see cref="InvalidImageException"/>; managed
/// allocation within the RGBA buffer of <see cref="ImageLoadOptions.MaxPixels"/> (1 Mpx here) plus four times the file plus 2 MB.
/// </summary>
public sealed class ImageFuzzTarget : FuzzTarget
{
    private static readonly ImageLoadOptions Limits = new() { MaxPixels = 1 << 20, MaxFileBytes = 1 << 20 };

    public ImageFuzzTarget()
    {
        var rng = new PCG(11, 1);
        byte[] Row(int n) { var b = new byte[n]; for (int i = 0; i < n; i++) b[i] = (byte)rng.Next(256); return b; }
        using var bitmap = new SKBitmap(new SKImageInfo(9, 7, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < 7; y++)
            for (int x = 0; x < 9; x++) bitmap.SetPixel(x, y, new SKColor((byte)(x * 28), (byte)(y * 36), (byte)(x * y * 4), (byte)(255 - x * 10)));
        using var image = SKImage.FromBitmap(bitmap);
        byte[] Encode(SKEncodedImageFormat format) { using var data = image.Encode(format, 80); return data.ToArray(); }

        Seeds =
        [
            new("png-rgb", PngBuilder.Build(6, 4, PngBuilder.Rgb, 8, Enumerable.Range(0, 4).Select(_ => Row(18)).ToArray()), ".png"),
            new("png-palette", PngBuilder.Build(5, 3, PngBuilder.Palette, 8, Enumerable.Range(0, 3).Select(_ => Row(5).Select(b => (byte)(b % 4)).ToArray()).ToArray(),
                [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9]), ".png"),
            new("png-gray16-alpha", PngBuilder.Build(3, 3, PngBuilder.GrayAlpha, 16, Enumerable.Range(0, 3).Select(_ => Row(12)).ToArray()), ".png"),
            new("png-skia-rgba", Encode(SKEncodedImageFormat.Png), ".png"),
            new("jpeg", Encode(SKEncodedImageFormat.Jpeg), ".jpg"),
            new("webp", Encode(SKEncodedImageFormat.Webp), ".webp"),
            new("bmp", BmpBuilder.Build(5, 3, (x, y) => ((byte)(x * 50), (byte)(y * 80), 7)), ".bmp"),
            new("gif", TinyGif, ".gif"),
        ];
    }

    /// <summary>A 2×2 GIF89a with a 4-colour global palette (LZW minimum code size 2).</summary>
    private static byte[] TinyGif =>
    [
        (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 2, 0, 2, 0, 0x91, 0, 0,
        255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255,
        0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0,
        2, 3, 0x44, 0x34, 0x05, 0, 0x3B,
    ];

    public override string Name => "image";

    public override IReadOnlyList<Type> DocumentedExceptions { get; } = [typeof(InvalidImageException)];

    public override IReadOnlyList<FuzzSeed> Seeds { get; }

    public override byte[] Mutate(FuzzSeed seed, PCG rng, List<string> log)
    {
        var bytes = Mutator.Mutate(seed.Bytes, rng, log);
        if (seed.Extension == ".png" && rng.Next(2) == 0)
        {
            FixPngCrcs(bytes);
            log.Add("PNG CRCs recomputed");
        }

        return bytes;
    }

    public override void Run(string path, byte[] bytes, FuzzSeed seed)
    {
        ImageReader.ReadInfo(path, Limits);
        using var tensor = ImageReader.Load(path, Limits with { ColorMode = bytes.Length % 2 == 0 ? ImageColorMode.Auto : ImageColorMode.Rgb });
    }

    public override long AllocationBound(byte[] bytes, FuzzSeed seed) => 4 * Limits.MaxPixels + 4L * bytes.Length + (2 << 20);

    /// <summary>
    /// Native decoding is bounded by the pixel limit: Skia's bitmap (at most 8 bytes a pixel, 16-bit formats) and the float
    /// tensor (4 channels × 4 bytes) come to 24 bytes a pixel; the managed bound and 64 MiB of noise come on top.
    /// </summary>
    public override long ResidentBound(byte[] bytes, FuzzSeed seed) => 24 * Limits.MaxPixels + AllocationBound(bytes, seed) + (64L << 20);

    /// <summary>Rewrites the CRC of every chunk whose length fits in the file.</summary>
    private static void FixPngCrcs(byte[] png)
    {
        int pos = 8;
        while (pos + 12 <= png.Length)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            if (pos + 12 + length > png.Length) break;
            var crc = Crc32(png.AsSpan(pos + 4, (int)length + 4));
            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(pos + 8 + (int)length), crc);
            pos += 12 + (int)length;
        }
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }

        return ~crc;
    }
}
