namespace GanKit.Onnx;

/// <summary>An ONNX <c>AttributeProto</c>: the scalar, list or tensor kinds the converter reads.</summary>
internal sealed class OnnxAttribute
{
    public required string Name { get; init; }

    public float? Float { get; init; }

    public long? Int { get; init; }

    public string? String { get; init; }

    public OnnxTensor? Tensor { get; init; }

    public IReadOnlyList<float> Floats { get; init; } = [];

    public IReadOnlyList<long> Ints { get; init; } = [];
}
