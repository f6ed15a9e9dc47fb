namespace GanKit.Onnx;

/// <summary>An ONNX <c>ModelProto</c>: the graph plus the producer and opset it was written with.</summary>
internal sealed class OnnxModel
{
    public required long IrVersion { get; init; }

    public required string ProducerName { get; init; }

    public required string ProducerVersion { get; init; }

    /// <summary>The default-domain opset version, 0 when not given.</summary>
    public required long OpsetVersion { get; init; }

    public required OnnxGraph Graph { get; init; }
}
