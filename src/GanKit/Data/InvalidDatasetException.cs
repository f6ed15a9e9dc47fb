namespace GanKit.Data;

/// <summary>Thrown when a data file or folder cannot be used; the message names the file and the problem.</summary>
public sealed class InvalidDatasetException : GanKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file or folder.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="innerException">The lower-level error, if any.</param>
    public InvalidDatasetException(string source, string reason, Exception? innerException = null)
        : base($"Cannot use data set '{source}': {reason}", innerException)
    {
        Source = source;
        Reason = reason;
    }

    /// <summary>The file or folder.</summary>
    public new string Source { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }
}
