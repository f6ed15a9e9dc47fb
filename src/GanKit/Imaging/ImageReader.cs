using GanKit.Runtime;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.Imaging;

/// <summary>
/// Reads PNG, JPEG, WebP, BMP and GIF (first frame) files into float tensors <c>[C,H,W]</c> in [0, 1].
/// The header is read first and refused when it exceeds the configured limits, so a hostile file
/// never causes a huge allocation; every failure is an <see cref="InvalidImageException"/> naming the file.
/// </summary>
public static class ImageReader
{
    /// <summary>Reads an image file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="options">Colour mode and limits; <see cref="ImageLoadOptions.Default"/> when null.</param>
    /// <returns>A float32 CPU tensor <c>[C,H,W]</c> with values in [0, 1].</returns>
    /// <exception cref="InvalidImageException">The file is missing, empty, too large, truncated or not an image.</exception>
    public static Tensor Load(string path, ImageLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= ImageLoadOptions.Default;
        options.Validate();
        var bytes = ReadFileBytes(path, options.MaxFileBytes);
        return Decode(bytes, path, options);
    }

    /// <summary>Reads an image from a stream (read to its end, up to the file-size limit).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="name">A name for error messages.</param>
    /// <param name="options">Colour mode and limits; <see cref="ImageLoadOptions.Default"/> when null.</param>
    /// <returns>A float32 CPU tensor <c>[C,H,W]</c> with values in [0, 1].</returns>
    /// <exception cref="InvalidImageException">The data is empty, too large, truncated or not an image.</exception>
    public static Tensor Load(Stream stream, string name, ImageLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        options ??= ImageLoadOptions.Default;
        options.Validate();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > options.MaxFileBytes)
                throw new InvalidImageException(name, $"it is larger than the {options.MaxFileBytes:N0}-byte limit.");
            buffer.Write(chunk, 0, read);
        }

        return Decode(buffer.ToArray(), name, options);
    }

    /// <summary>Reads only the header of an image file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="options">Limits; <see cref="ImageLoadOptions.Default"/> when null.</param>
    /// <returns>The size and format.</returns>
    /// <exception cref="InvalidImageException">The file is missing, empty, too large or not an image.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    public static ImageInfo ReadInfo(string path, ImageLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= ImageLoadOptions.Default;
        options.Validate();
        var bytes = ReadFileBytes(path, options.MaxFileBytes);
        using var codec = OpenCodec(bytes, path);
        return Describe(codec);
    }

    private static byte[] ReadFileBytes(string path, long maxBytes)
    {
        FileInfo file;
        try
        {
            file = new FileInfo(path);
            if (!file.Exists) throw new InvalidImageException(path, "the file does not exist.");
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException or UnauthorizedAccessException)
        {
            throw new InvalidImageException(path, "the path is not valid.", ex);
        }

        if (file.Length == 0) throw new InvalidImageException(path, "the file is empty.");
        if (file.Length > maxBytes)
            throw new InvalidImageException(path, $"the file is {file.Length:N0} bytes, over the {maxBytes:N0}-byte limit.");
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidImageException(path, $"the file cannot be read ({ex.Message}).", ex);
        }
    }

    private static SKCodec OpenCodec(byte[] bytes, string source)
    {
        if (bytes.Length == 0) throw new InvalidImageException(source, "the data is empty.");
        if (!HasKnownSignature(bytes))
            throw new InvalidImageException(source, "it is not a recognised image (PNG, JPEG, WebP, BMP or GIF signature not found).");
        // The codec takes ownership of the stream and disposes it with itself.
        var codec = SKCodec.Create(new SKMemoryStream(bytes), out var result);
        if (codec is null)
        {
            throw new InvalidImageException(source, result switch
            {
                SKCodecResult.IncompleteInput => "the data is truncated before the end of the image header.",
                SKCodecResult.Unimplemented => "the format is not supported (PNG, JPEG, WebP, BMP and GIF are).",
                _ => "it is not a recognised image (PNG, JPEG, WebP, BMP or GIF).",
            });
        }

        return codec;
    }

    private static bool HasKnownSignature(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])
        || b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || b.StartsWith("GIF8"u8)
        || b.StartsWith("BM"u8)
        || (b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8));

    private static ImageInfo Describe(SKCodec codec)
    {
        var info = codec.Info;
        return new ImageInfo(info.Width, info.Height, codec.EncodedFormat.ToString(),
            info.ColorType == SKColorType.Gray8, info.AlphaType != SKAlphaType.Opaque);
    }

    private static Tensor Decode(byte[] bytes, string source, ImageLoadOptions options)
    {
        TorchRuntime.EnsureLoaded();
        using var codec = OpenCodec(bytes, source);
        var header = Describe(codec);
        if (header.Width <= 0 || header.Height <= 0)
            throw new InvalidImageException(source, $"the header declares an empty image ({header.Width}×{header.Height}).");
        long pixels = (long)header.Width * header.Height;
        if (pixels > options.MaxPixels)
            throw new InvalidImageException(source,
                $"it declares {header.Width}×{header.Height} = {pixels:N0} pixels, over the {options.MaxPixels:N0}-pixel limit.");

        // Unpremultiplied RGBA keeps the true colour of semi-transparent pixels for compositing below.
        var target = new SKImageInfo(header.Width, header.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, SKColorSpace.CreateSrgb());
        var rgba = new byte[target.BytesSize64];
        SKCodecResult result;
        unsafe
        {
            fixed (byte* p = rgba) result = codec.GetPixels(target, (IntPtr)p);
        }

        switch (result)
        {
            case SKCodecResult.Success:
                break;
            case SKCodecResult.IncompleteInput:
                throw new InvalidImageException(source, "the image data is truncated (the file ends before the last pixel row).");
            case SKCodecResult.ErrorInInput:
                throw new InvalidImageException(source, "the image data is corrupt.");
            default:
                throw new InvalidImageException(source, $"the decoder failed ({result}).");
        }

        bool gray = options.ColorMode switch
        {
            ImageColorMode.Grayscale => true,
            ImageColorMode.Auto => header.IsGrayscale,
            _ => false,
        };
        return ToTensor(rgba, header.Height, header.Width, gray, header.HasAlpha, options.AlphaBackground);
    }

    private static Tensor ToTensor(byte[] rgba, int height, int width, bool gray, bool hasAlpha, (float R, float G, float B) background)
    {
        using var scope = NewDisposeScope();
        var hwc = tensor(rgba, new long[] { height, width, 4 }, ScalarType.Byte).to(ScalarType.Float32).div_(255f);
        var chw = hwc.permute(2, 0, 1);
        var rgb = chw[..3];
        if (hasAlpha)
        {
            var alpha = chw[3..4];
            var bg = tensor(new[] { background.R, background.G, background.B }).view(3, 1, 1);
            rgb = rgb * alpha + bg * (1 - alpha);
        }

        var result = gray
            ? (rgb[0] * 0.299f + rgb[1] * 0.587f + rgb[2] * 0.114f).unsqueeze(0)
            : rgb;
        return result.clamp(0f, 1f).contiguous().MoveToOuterDisposeScope();
    }
}
