using GanKit.IO;
using GanKit.Runtime;
using SkiaSharp;
using static TorchSharp.torch;

namespace GanKit.Imaging;

/// <summary>Writes image tensors as PNG files: one image <c>[C,H,W]</c>, or a batch <c>[N,C,H,W]</c> as a grid.</summary>
public static class ImageWriter
{
    /// <summary>
    /// Saves a tensor as a PNG. <c>[C,H,W]</c> with C = 1 (gray), 3 (RGB) or 4 (RGBA) is written as one image;
    /// <c>[N,C,H,W]</c> is written as a grid (see <see cref="SaveGrid"/>). Values outside the range are clipped.
    /// The file is written atomically.
    /// </summary>
    /// <param name="image">The image tensor (any device, any floating dtype).</param>
    /// <param name="path">The output file.</param>
    /// <param name="range">The value range of <paramref name="image"/>.</param>
    /// <exception cref="ArgumentException">The tensor's shape is not an image, or it holds NaN or infinity.</exception>
    public static void SavePng(Tensor image, string path, PixelRange range = PixelRange.ZeroToOne)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(path);
        if (image.dim() == 4)
        {
            SaveGrid(image, path, new ImageGridOptions { Range = range });
            return;
        }

        AtomicFile.WriteAllBytes(path, EncodePng(image, range));
    }

    /// <summary>Lays out a batch <c>[N,C,H,W]</c> as a grid and saves it as one PNG.</summary>
    /// <param name="images">The batch.</param>
    /// <param name="path">The output file.</param>
    /// <param name="options">Columns, padding and value range; defaults when null.</param>
    public static void SaveGrid(Tensor images, string path, ImageGridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ImageGridOptions();
        using var scope = NewDisposeScope();
        var grid = ImageGrid.Compose(images, options);
        AtomicFile.WriteAllBytes(path, EncodePng(grid, options.Range));
    }

    /// <summary>Encodes one image tensor <c>[C,H,W]</c> (C = 1, 3 or 4) as PNG bytes.</summary>
    /// <param name="image">The image.</param>
    /// <param name="range">The value range of <paramref name="image"/>.</param>
    /// <returns>The PNG file's bytes.</returns>
    public static byte[] EncodePng(Tensor image, PixelRange range = PixelRange.ZeroToOne)
    {
        ArgumentNullException.ThrowIfNull(image);
        TorchRuntime.EnsureLoaded();
        if (image.dim() != 3 || image.shape[0] is not (1 or 3 or 4) || image.shape[1] < 1 || image.shape[2] < 1)
            throw new ArgumentException(
                $"An image tensor must be [C,H,W] with C = 1, 3 or 4 and H, W ≥ 1; got [{string.Join(",", image.shape)}].", nameof(image));
        if (!image.is_floating_point())
            throw new ArgumentException($"An image tensor must be floating point; got {image.dtype}.", nameof(image));

        using var scope = NewDisposeScope();
        var values = image.detach().to(CPU).to(ScalarType.Float32);
        if (!isfinite(values).all().item<bool>())
            throw new ArgumentException("The image tensor holds NaN or infinite values; refusing to write garbage.", nameof(image));
        if (range == PixelRange.MinusOneToOne) values = (values + 1f) / 2f;

        int channels = (int)image.shape[0], height = (int)image.shape[1], width = (int)image.shape[2];
        var bytes = values.mul(255f).round().clamp(0f, 255f).to(ScalarType.Byte).permute(1, 2, 0).contiguous();
        if (channels == 3)
            bytes = cat([bytes, full(new long[] { height, width, 1 }, 255, ScalarType.Byte)], 2);
        var pixels = bytes.data<byte>().ToArray();

        var info = channels == 1
            ? new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKImageInfo(width, height, SKColorType.Rgba8888, channels == 4 ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        using var data = SKData.CreateCopy(pixels);
        using var skImage = SKImage.FromPixels(info, data, info.RowBytes)
                            ?? throw new InvalidOperationException("SkiaSharp could not wrap the pixel buffer.");
        using var png = skImage.Encode(SKEncodedImageFormat.Png, 100)
                        ?? throw new InvalidOperationException("SkiaSharp could not encode the PNG.");
        return png.ToArray();
    }
}
