namespace GanKit.Imaging;

/// <summary>
/// Thrown when an image cannot be read: missing, empty, truncated, not an image, an unsupported format,
/// or larger than the configured limits. The message names the file and the reason.
/// </summary>
public sealed class InvalidImageException : GanKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file path or stream name.</param>
    /// <param name="reason">Why the image was refused.</param>
    /// <param name="innerException">The lower-level error, if any.</param>
    public InvalidImageException(string path, string reason, Exception? innerException = null)
        : base($"Cannot read image '{path}': {reason}", innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The file path or stream name.</summary>
    public string Path { get; }

    /// <summary>Why the image was refused.</summary>
    public string Reason { get; }
}
