namespace GanKit.Distributed;

/// <summary>
/// MPI cannot be used: the Open MPI library is not installed (Debian/Ubuntu: <c>openmpi-bin</c> and
/// <c>libopenmpi-dev</c>), or the process was not started by an MPI launcher (<c>mpirun -np N ...</c>).
/// </summary>
public sealed class MpiUnavailableException : GanKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and how to get it.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public MpiUnavailableException(string message, Exception? innerException = null) : base(message, innerException) { }
}
