namespace GanKit.Onnx;

/// <summary>An ONNX <c>TensorProto</c> holding float data (the only kind the feature networks need).</summary>
/// <param name="Name">The initializer's name, referenced by node inputs.</param>
/// <param name="Dims">The shape.</param>
/// <param name="DataType">The ONNX element type (1 = float).</param>
/// <param name="FloatData">The values, row-major; empty for non-float tensors.</param>
internal sealed record OnnxTensor(string Name, long[] Dims, int DataType, float[] FloatData)
{
    public const int Float = 1;

    public long ElementCount => Dims.Aggregate(1L, (a, d) => a * d);
}
