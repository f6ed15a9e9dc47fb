namespace GanKit.Runtime;

/// <summary>Thrown when a device is requested that this process cannot use (e.g. CUDA with a CPU-only libtorch).</summary>
public sealed class DeviceUnavailableException : GanKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which device was asked for and what to install to get it.</param>
    public DeviceUnavailableException(string message) : base(message) { }
}
