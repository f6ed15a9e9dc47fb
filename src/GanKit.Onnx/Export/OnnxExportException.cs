namespace GanKit.Onnx;

/// <summary>
/// Thrown when a generator cannot be exported to ONNX: it contains layers the exporter has no ONNX translation for (all of
/// them are listed in <see cref="UnsupportedModuleTypes"/>), or a custom module's forward is not the chain of its layers.
/// </summary>
public sealed class OnnxExportException : GanKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What cannot be exported and what to do about it.</param>
    /// <param name="unsupportedModuleTypes">The module types without an ONNX translation, if that is the reason.</param>
    public OnnxExportException(string message, IReadOnlyList<string>? unsupportedModuleTypes = null) : base(message)
    {
        UnsupportedModuleTypes = unsupportedModuleTypes ?? [];
    }

    /// <summary>The distinct module type names that have no ONNX translation, in the order first met; empty for other reasons.</summary>
    public IReadOnlyList<string> UnsupportedModuleTypes { get; }
}
