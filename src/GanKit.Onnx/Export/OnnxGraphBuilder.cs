using System.Runtime.InteropServices;
using Google.Protobuf;
using static TorchSharp.torch;
using Proto = global::Onnx;

namespace GanKit.Onnx;

/// <summary>Builds one ONNX graph node by node: unique value names, float32 weights as raw data, int64 constants.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    public Proto.GraphProto Graph { get; } = new();

    /// <summary>A value name not used yet, derived from <paramref name="hint"/>.</summary>
    public string Fresh(string hint)
    {
        var name = hint;
        while (!_names.Add(name)) name = $"{hint}_{++_counter}";
        return name;
    }

    /// <summary>Stores a tensor's values as a float32 initializer and returns its name.</summary>
    public string Weight(string hint, Tensor value)
    {
        using var scope = NewDisposeScope();
        var cpu = value.detach().to(ScalarType.Float32).cpu().contiguous();
        var data = cpu.data<float>().ToArray();
        var tensor = new Proto.TensorProto { Name = Fresh(hint), DataType = (int)Proto.TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(cpu.shape);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan()));
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A float32 initializer from values.</summary>
    public string Floats(string hint, float[] values, params long[] dims)
    {
        var tensor = new Proto.TensorProto { Name = Fresh(hint), DataType = (int)Proto.TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A 1-D int64 initializer (shapes, axes).</summary>
    public string Int64s(string hint, params long[] values)
    {
        var tensor = new Proto.TensorProto { Name = Fresh(hint), DataType = (int)Proto.TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, IEnumerable<string> inputs, string hint, params Proto.AttributeProto[] attributes)
    {
        var output = Fresh(hint);
        var node = new Proto.NodeProto { OpType = op, Name = Fresh("node_" + output) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>Reshapes to <c>[batch, …shape]</c>, keeping the batch size dynamic.</summary>
    public string ReshapeBatch(string x, IEnumerable<long> shape, string hint) =>
        Node("Reshape", [x, Int64s(hint + "_shape", [-1, .. shape])], hint);

    public static Proto.AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = Proto.AttributeProto.Types.AttributeType.Int, I = value };

    public static Proto.AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = Proto.AttributeProto.Types.AttributeType.Float, F = value };

    public static Proto.AttributeProto Attribute(string name, string value) =>
        new() { Name = name, Type = Proto.AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static Proto.AttributeProto Attribute(string name, IEnumerable<long> values)
    {
        var a = new Proto.AttributeProto { Name = name, Type = Proto.AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>A graph input or output: a tensor of <paramref name="type"/> whose first dimension is the symbolic batch size.</summary>
    public static Proto.ValueInfoProto BatchValue(string name, Proto.TensorProto.Types.DataType type, IEnumerable<long> shape)
    {
        var tensorShape = new Proto.TensorShapeProto();
        tensorShape.Dim.Add(new Proto.TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (var d in shape) tensorShape.Dim.Add(new Proto.TensorShapeProto.Types.Dimension { DimValue = d });
        return new Proto.ValueInfoProto
        {
            Name = name,
            Type = new Proto.TypeProto { TensorType = new Proto.TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }
}
