namespace GanKit.Data;

/// <summary>Thrown when a data file or folder cannot be used; the message names the file and the problem.</summary>
public sealed class InvalidDatasetException : GanKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="innerException">The lower-level error, if any.</param>
    public InvalidDatasetException(string path, string reason, Exception? innerException = null)
        : base($"Cannot use data set '{path}': {reason}", innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The file or folder.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }
}
