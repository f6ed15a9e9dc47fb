namespace GanKit.Onnx;

/// <summary>An ONNX <c>GraphProto</c>: nodes in topological order, weights, inputs and outputs.</summary>
internal sealed class OnnxGraph
{
    public required string Name { get; init; }

    public required IReadOnlyList<OnnxNode> Nodes { get; init; }

    public required IReadOnlyDictionary<string, OnnxTensor> Initializers { get; init; }

    public required IReadOnlyList<OnnxValueInfo> Inputs { get; init; }

    public required IReadOnlyList<OnnxValueInfo> Outputs { get; init; }

    /// <summary>The graph inputs that are not initializers (older exporters list weights as inputs too).</summary>
    public IEnumerable<OnnxValueInfo> DataInputs => Inputs.Where(i => !Initializers.ContainsKey(i.Name));
}
