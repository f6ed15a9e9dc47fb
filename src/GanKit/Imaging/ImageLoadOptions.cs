namespace GanKit.Imaging;

/// <summary>Options for reading images, including the limits that protect against hostile or huge files.</summary>
public sealed record ImageLoadOptions
{
    /// <summary>The default options: RGB output, 64 megapixels and 256 MB at most, alpha composited over white.</summary>
    public static ImageLoadOptions Default { get; } = new();

    /// <summary>How many channels the tensor gets. Default <see cref="ImageColorMode.Rgb"/>.</summary>
    public ImageColorMode ColorMode { get; init; } = ImageColorMode.Rgb;

    /// <summary>The largest width × height accepted, checked from the header before decoding. Default 64 megapixels.</summary>
    public long MaxPixels { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest file accepted, in bytes, checked before reading. Default 256 MB.</summary>
    public long MaxFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// The colour that transparent pixels are composited over, as (red, green, blue) in [0, 1]. Default white,
    /// which is how image viewers show transparency.
    /// </summary>
    public (float Red, float Green, float Blue) AlphaBackground { get; init; } = (1f, 1f, 1f);

    internal void Validate()
    {
        if (MaxPixels <= 0) throw new ArgumentOutOfRangeException(nameof(MaxPixels), MaxPixels, "MaxPixels must be positive.");
        if (MaxFileBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxFileBytes), MaxFileBytes, "MaxFileBytes must be positive.");
        var (r, g, b) = AlphaBackground;
        if (!(r is >= 0 and <= 1 && g is >= 0 and <= 1 && b is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(AlphaBackground), AlphaBackground, "AlphaBackground components must be in [0, 1].");
    }
}
