namespace GanKit;

/// <summary>
/// The base of every exception GanKit throws on purpose: bad input, bad configuration, a corrupted file,
/// a missing native library. Catch this type to handle every error the library reports as a user error.
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
