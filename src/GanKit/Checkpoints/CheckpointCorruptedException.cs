namespace GanKit.Checkpoints;

/// <summary>Thrown when a checkpoint file is truncated, altered, of an unknown format, or does not fit the models.</summary>
public sealed class CheckpointCorruptedException : GanKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="innerException">The lower-level error, if any.</param>
    public CheckpointCorruptedException(string path, string reason, Exception? innerException = null)
        : base($"Checkpoint '{path}' cannot be used: {reason}", innerException) => Path = path;

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }
}
