namespace GanKit.Onnx;

/// <summary>An ONNX <c>ValueInfoProto</c>: a graph input or output with its element type and shape.</summary>
/// <param name="Name">The value's name.</param>
/// <param name="ElementType">The ONNX element type (1 = float), 0 when not given.</param>
/// <param name="Shape">One entry per dimension: the size, or null for a symbolic or unknown dimension.</param>
internal sealed record OnnxValueInfo(string Name, int ElementType, IReadOnlyList<long?> Shape);
