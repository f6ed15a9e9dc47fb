using GanKit.Imaging;
using static TorchSharp.torch;

namespace GanKit.Data;

/// <summary>
/// What happens to each image file on its way into a batch, one file at a time: decode, bring the shorter side to the
/// target (resize, bilinear), center-crop to exactly <see cref="Height"/> × <see cref="Width"/>, quantize to 8 bits.
/// Only the fitted image is kept, never the file at full size, so folders of large photographs cost
/// C·H·W bytes per image in a cache and nothing at all in <see cref="LazyImageFolderDataset"/> without one.
/// </summary>
/// <param name="Height">The output height in pixels.</param>
/// <param name="Width">The output width in pixels.</param>
/// <param name="ColorMode">RGB or grayscale (Auto is treated as RGB so every sample has the same channels).</param>
/// <param name="LoadOptions">Limits for each file (size, pixels); null for <see cref="ImageLoadOptions.Default"/>.</param>
public sealed record ImagePipeline(int Height, int Width, ImageColorMode ColorMode = ImageColorMode.Rgb, ImageLoadOptions? LoadOptions = null)
{
    /// <summary>Channels of the output: 1 for grayscale, otherwise 3.</summary>
    public int Channels => ColorMode == ImageColorMode.Grayscale ? 1 : 3;

    /// <summary>The shape of one output image, <c>[C, H, W]</c>.</summary>
    public long[] SampleShape => [Channels, Height, Width];

    /// <summary>Bytes of one fitted image: C·H·W.</summary>
    public long SampleBytes => (long)Channels * Height * Width;

    /// <summary>Reads one file and fits it: <c>[C, H, W]</c> bytes, row-major.</summary>
    /// <param name="path">The image file.</param>
    /// <returns>The fitted image's 8-bit values.</returns>
    /// <exception cref="InvalidImageException">The file is not a valid image or exceeds the load limits.</exception>
    public byte[] Apply(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Height < 1 || Width < 1) throw new ArgumentOutOfRangeException(nameof(Height), $"The pipeline's size must be at least 1×1; got {Height}×{Width}.");
        using var scope = NewDisposeScope();
        var options = (LoadOptions ?? ImageLoadOptions.Default) with { ColorMode = Channels == 1 ? ImageColorMode.Grayscale : ImageColorMode.Rgb };
        var image = ImageReader.Load(path, options);
        var fitted = ImageTransforms.ResizeAndCenterCrop(image, Height, Width);
        return fitted.mul(255f).round_().clamp_(0, 255).to(ScalarType.Byte).contiguous().data<byte>().ToArray();
    }
}
