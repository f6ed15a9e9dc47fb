using System.Buffers.Binary;
using System.Runtime.InteropServices;
using GanKit.IO;
using Google.Protobuf;
using Proto = global::Onnx;

namespace GanKit.Onnx;

/// <summary>
/// Reads ONNX model files with the protobuf types generated from <c>onnx.proto</c> (OnnxSharp, on Google.Protobuf) and maps
/// the parts a convolutional network needs (graph, nodes, float weights, attributes, inputs and outputs) to GanKit's own
/// small model, checking what the generated parser cannot: shapes against data, external data, missing graph or nodes.
/// </summary>
internal static class OnnxReader
{
    /// <summary>Parses an ONNX model from <paramref name="bytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a readable ONNX model.</exception>
    public static OnnxModel Parse(byte[] bytes)
    {
        Proto.ModelProto proto;
        try
        {
            proto = Proto.ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException("The protobuf data is malformed: " + ex.Message, ex);
        }

        return Map(proto);
    }

    /// <summary>Maps a parsed model to GanKit's model, validating it.</summary>
    /// <exception cref="InvalidDataException">The model is not one GanKit can read.</exception>
    public static OnnxModel Map(Proto.ModelProto proto)
    {
        if (proto.Graph is null) throw new InvalidDataException("The file has no ONNX graph (ModelProto.graph is missing).");
        var graph = ReadGraph(proto.Graph);
        if (graph.Nodes.Count == 0) throw new InvalidDataException("The ONNX graph has no nodes.");

        // The last default-domain entry wins, as protobuf's last-one-wins would for a scalar.
        long opset = 0;
        foreach (var o in proto.OpsetImport)
        {
            if (o.Domain is "" or "ai.onnx") opset = o.Version;
        }

        return new OnnxModel
        {
            IrVersion = proto.IrVersion, ProducerName = proto.ProducerName, ProducerVersion = proto.ProducerVersion,
            OpsetVersion = opset, Graph = graph,
        };
    }

    private static OnnxGraph ReadGraph(Proto.GraphProto g)
    {
        var nodes = new List<OnnxNode>(g.Node.Count);
        foreach (var n in g.Node) nodes.Add(ReadNode(n, nodes.Count));
        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        foreach (var t in g.Initializer)
        {
            var tensor = ReadTensor(t);
            initializers[tensor.Name] = tensor;
        }

        return new OnnxGraph
        {
            Name = g.Name, Nodes = nodes, Initializers = initializers,
            Inputs = g.Input.Select(ReadValueInfo).ToList(), Outputs = g.Output.Select(ReadValueInfo).ToList(),
        };
    }

    private static OnnxNode ReadNode(Proto.NodeProto n, int index)
    {
        if (n.OpType.Length == 0) throw new InvalidDataException($"Node #{index} ('{n.Name}') has no operator type.");
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        foreach (var a in n.Attribute) attributes[a.Name] = ReadAttribute(a);
        return new OnnxNode
        {
            Name = n.Name.Length > 0 ? n.Name : $"node{index}", OpType = n.OpType, Inputs = n.Input.ToList(), Outputs = n.Output.ToList(),
            Attributes = attributes,
        };
    }

    private static OnnxAttribute ReadAttribute(Proto.AttributeProto a)
    {
        // proto3 has no field presence: the declared type says which scalar is meant. Writers that leave the type out
        // (it is required since IR 0.0.2, but old files omit it) get every scalar, and the operator reads the one it needs.
        var type = a.Type;
        var untyped = type == Proto.AttributeProto.Types.AttributeType.Undefined;
        return new OnnxAttribute
        {
            Name = a.Name,
            Float = untyped || type == Proto.AttributeProto.Types.AttributeType.Float ? a.F : null,
            Int = untyped || type == Proto.AttributeProto.Types.AttributeType.Int ? a.I : null,
            String = untyped && a.S.Length > 0 || type == Proto.AttributeProto.Types.AttributeType.String ? a.S.ToStringUtf8() : null,
            Tensor = a.T is not null && (untyped || type == Proto.AttributeProto.Types.AttributeType.Tensor) ? ReadTensor(a.T) : null,
            Floats = a.Floats.ToArray(),
            Ints = a.Ints.ToArray(),
        };
    }

    private static OnnxTensor ReadTensor(Proto.TensorProto t)
    {
        var name = t.Name;
        if (t.ExternalData.Count > 0 || t.DataLocation == Proto.TensorProto.Types.DataLocation.External)
            throw new InvalidDataException($"Tensor '{name}' stores its data in an external file, which is not supported.");
        var dims = t.Dims.ToArray();
        if (!TensorShapes.TryCountElements(dims, out var count, out var problem))
            throw new InvalidDataException($"Tensor '{name}' has shape [{string.Join(",", dims)}]: {problem}.");
        var raw = t.RawData.Span;
        if (raw.Length % 4 != 0 && t.DataType is 0 or OnnxTensor.Float)
            throw new InvalidDataException($"Tensor '{name}' has raw data whose length is not a multiple of 4.");
        if (t.DataType != OnnxTensor.Float) return new OnnxTensor(name, dims, t.DataType, []);

        float[] data;
        if (raw.Length > 0)
        {
            data = MemoryMarshal.Cast<byte, float>(raw).ToArray();
            if (!BitConverter.IsLittleEndian)
            {
                var ints = MemoryMarshal.Cast<float, int>(data.AsSpan());
                BinaryPrimitives.ReverseEndianness(ints, ints);
            }
        }
        else
        {
            data = t.FloatData.ToArray();
        }

        if (data.LongLength != count)
            throw new InvalidDataException($"Tensor '{name}' has shape [{string.Join(",", dims)}] ({count} values) but holds {data.LongLength} floats.");
        return new OnnxTensor(name, dims, t.DataType, data);
    }

    private static OnnxValueInfo ReadValueInfo(Proto.ValueInfoProto v)
    {
        var tensorType = v.Type?.TensorType;
        var shape = tensorType?.Shape?.Dim
            .Select(d => d.ValueCase == Proto.TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : (long?)null)
            .ToList() ?? [];
        return new OnnxValueInfo(v.Name, tensorType?.ElemType ?? 0, shape);
    }
}
