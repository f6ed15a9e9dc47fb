namespace GanKit.Imaging;

/// <summary>What an image file's header says, read without decoding the pixels.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Format">The encoded format, e.g. "Png" or "Jpeg".</param>
/// <param name="IsGrayscale">Whether the source has a single gray channel.</param>
/// <param name="HasAlpha">Whether the source has transparency.</param>
public sealed record ImageInfo(int Width, int Height, string Format, bool IsGrayscale, bool HasAlpha);
