namespace GanKit.Features;

/// <summary>
/// Thrown when a feature network cannot be built or used: an unreadable or unexpected weights file, an unknown tap,
/// or input images of the wrong shape, type, size or device.
/// </summary>
public class FeatureNetworkException : GanKitException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    public FeatureNetworkException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="innerException">The lower-level error.</param>
    public FeatureNetworkException(string message, Exception? innerException) : base(message, innerException) { }
}
