namespace GanKit.IO;

/// <summary>Thrown when a file is not a NumPy <c>.npy</c> array that <see cref="NpyFile"/> can read.</summary>
public sealed class NpyFormatException : GanKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the file.</param>
    public NpyFormatException(string message) : base(message) { }
}
