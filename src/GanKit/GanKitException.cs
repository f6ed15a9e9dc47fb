namespace GanKit;

/// <summary>
/// The base of GanKit's domain exceptions: a bad or corrupted file (checkpoint, image, data set, weights), a native
/// library that fails to load, an unavailable device, training that diverged, and invalid options. Mistakes in a call
/// (a tensor of the wrong shape, an out-of-range argument) are <see cref="ArgumentException"/>s instead, the same in
/// models, feature networks and metrics (<see cref="Metrics.MetricInputException"/> is one).
/// </summary>
public class GanKitException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong, in words a user can act on.</param>
    public GanKitException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong, in words a user can act on.</param>
    /// <param name="innerException">The lower-level error.</param>
    public GanKitException(string message, Exception? innerException) : base(message, innerException) { }
}
