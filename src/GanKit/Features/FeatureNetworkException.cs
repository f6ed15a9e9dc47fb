namespace GanKit.Features;

/// <summary>
/// Thrown when a feature network cannot be built or run: an unreadable or unexpected weights file, or a custom
/// network that fails inside its own forward pass. Caller mistakes (an unknown tap, images of the wrong shape, type,
/// size or device) are <see cref="ArgumentException"/>s, as they are for models and metrics.
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
