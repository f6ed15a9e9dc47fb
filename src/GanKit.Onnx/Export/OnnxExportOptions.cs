namespace GanKit.Onnx;

/// <summary>What <see cref="OnnxExport.ExportGenerator(Models.Generator, string, OnnxExportOptions?)"/> writes besides the graph.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>
    /// The names of the classes of a conditional generator, in label order, stored in the model's metadata
    /// (<see cref="OnnxMetadataKeys.ClassNames"/>); null stores none. Must have one name per class.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>A free-text description stored as the model's <c>doc_string</c>; null writes a default one.</summary>
    public string? Description { get; init; }
}
