namespace GanKit.Runtime;

/// <summary>
/// Thrown when TorchSharp's native libraries cannot be loaded. The message names the likely cause
/// (an old libstdc++, a missing libtorch package) instead of TorchSharp's long loader trace, which is
/// kept as the inner exception.
/// </summary>
public sealed class TorchNativeLoadException : GanKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The diagnosis.</param>
    /// <param name="innerException">TorchSharp's own error.</param>
    public TorchNativeLoadException(string message, Exception? innerException) : base(message, innerException) { }
}
