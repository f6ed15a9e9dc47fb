using GanKit.IO;
using Google.Protobuf;

namespace GanKit.Features.Onnx;

/// <summary>
/// Reads ONNX model files by hand-decoding the protobuf wire format: only the fields a convolutional feature
/// network needs (ModelProto → GraphProto → NodeProto / TensorProto / AttributeProto / ValueInfoProto).
/// Field numbers follow onnx.proto3. Unknown fields are skipped.
/// </summary>
internal static class OnnxReader
{
    /// <summary>Parses an ONNX model from <paramref name="bytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a readable ONNX model.</exception>
    public static OnnxModel Parse(byte[] bytes)
    {
        try
        {
            return ReadModel(new ProtoFieldReader(bytes, 0, bytes.Length));
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException("The protobuf data is malformed: " + ex.Message, ex);
        }
    }

    private static OnnxModel ReadModel(ProtoFieldReader r)
    {
        long ir = 0, opset = 0;
        string producer = "", producerVersion = "";
        OnnxGraph? graph = null;
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: ir = r.ReadInt64(); break;
                case 2: producer = r.ReadString(); break;
                case 3: producerVersion = r.ReadString(); break;
                case 7: graph = ReadGraph(r.ReadMessage()); break;
                case 8:
                    var (domain, version) = ReadOpset(r.ReadMessage());
                    if (domain is "" or "ai.onnx") opset = version;
                    break;
                default: r.Skip(); break;
            }
        }

        if (graph is null) throw new InvalidDataException("The file has no ONNX graph (ModelProto.graph is missing).");
        if (graph.Nodes.Count == 0) throw new InvalidDataException("The ONNX graph has no nodes.");
        return new OnnxModel { IrVersion = ir, ProducerName = producer, ProducerVersion = producerVersion, OpsetVersion = opset, Graph = graph };
    }

    private static (string Domain, long Version) ReadOpset(ProtoFieldReader r)
    {
        string domain = "";
        long version = 0;
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: domain = r.ReadString(); break;
                case 2: version = r.ReadInt64(); break;
                default: r.Skip(); break;
            }
        }

        return (domain, version);
    }

    private static OnnxGraph ReadGraph(ProtoFieldReader r)
    {
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        var name = "";
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: nodes.Add(ReadNode(r.ReadMessage(), nodes.Count)); break;
                case 2: name = r.ReadString(); break;
                case 5:
                    var t = ReadTensor(r.ReadMessage());
                    initializers[t.Name] = t;
                    break;
                case 11: inputs.Add(ReadValueInfo(r.ReadMessage())); break;
                case 12: outputs.Add(ReadValueInfo(r.ReadMessage())); break;
                default: r.Skip(); break;
            }
        }

        return new OnnxGraph { Name = name, Nodes = nodes, Initializers = initializers, Inputs = inputs, Outputs = outputs };
    }

    private static OnnxNode ReadNode(ProtoFieldReader r, int index)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        string name = "", op = "";
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: inputs.Add(r.ReadString()); break;
                case 2: outputs.Add(r.ReadString()); break;
                case 3: name = r.ReadString(); break;
                case 4: op = r.ReadString(); break;
                case 5:
                    var a = ReadAttribute(r.ReadMessage());
                    attributes[a.Name] = a;
                    break;
                default: r.Skip(); break;
            }
        }

        if (op.Length == 0) throw new InvalidDataException($"Node #{index} ('{name}') has no operator type.");
        return new OnnxNode { Name = name.Length > 0 ? name : $"node{index}", OpType = op, Inputs = inputs, Outputs = outputs, Attributes = attributes };
    }

    private static OnnxAttribute ReadAttribute(ProtoFieldReader r)
    {
        string name = "";
        float? f = null;
        long? i = null;
        string? s = null;
        OnnxTensor? t = null;
        var floats = new List<float>();
        var ints = new List<long>();
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: name = r.ReadString(); break;
                case 2: f = r.ReadFloat(); break;
                case 3: i = r.ReadInt64(); break;
                case 4: s = System.Text.Encoding.UTF8.GetString(r.ReadBytesSpan()); break;
                case 5: t = ReadTensor(r.ReadMessage()); break;
                case 7: r.ReadFloats(floats); break;
                case 8: r.ReadInt64s(ints); break;
                default: r.Skip(); break;
            }
        }

        return new OnnxAttribute { Name = name, Float = f, Int = i, String = s, Tensor = t, Floats = floats, Ints = ints };
    }

    private static OnnxTensor ReadTensor(ProtoFieldReader r)
    {
        var dims = new List<long>();
        var floats = new List<float>();
        float[]? packed = null;
        float[]? raw = null;
        string name = "";
        int dataType = 0;
        var external = false;
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: r.ReadInt64s(dims); break;
                case 2: dataType = r.ReadInt32(); break;
                case 4 when packed is null && floats.Count == 0 && r.WireType == WireFormat.WireType.LengthDelimited:
                    packed = r.ReadPackedFloats(); // the common case: one packed run, read without a growing list
                    break;
                case 4:
                    if (packed is not null) { floats.AddRange(packed); packed = null; }
                    r.ReadFloats(floats);
                    break;
                case 8: name = r.ReadString(); break;
                case 9:
                    var bytes = r.ReadBytesSpan();
                    if (bytes.Length % 4 != 0 && dataType is 0 or OnnxTensor.Float)
                        throw new InvalidDataException($"Tensor '{name}' has raw data whose length is not a multiple of 4.");
                    raw = bytes.Length % 4 == 0 ? ProtoFieldReader.FloatsFromLittleEndian(bytes) : [];
                    break;
                case 13: external = true; r.Skip(); break;
                default: r.Skip(); break;
            }
        }

        if (external) throw new InvalidDataException($"Tensor '{name}' stores its data in an external file, which is not supported.");
        CheckDims(name, dims);
        var data = dataType != OnnxTensor.Float ? []
            : raw ?? packed ?? floats.ToArray();
        var tensor = new OnnxTensor(name, dims.ToArray(), dataType, data);
        if (dataType == OnnxTensor.Float && data.LongLength != tensor.ElementCount)
        {
            throw new InvalidDataException(
                $"Tensor '{name}' has shape [{string.Join(",", dims)}] ({tensor.ElementCount} values) but holds {data.LongLength} floats.");
        }

        return tensor;
    }

    /// <summary>
    /// Refuses negative dimensions and shapes with more values than one array can hold, before anything multiplies them:
    /// an unchecked product wraps (dims [2^32, 2^32] give 0, which matches empty data) and then fails deep inside libtorch.
    /// </summary>
    private static void CheckDims(string name, List<long> dims)
    {
        if (!TensorShapes.TryCountElements(dims, out _, out var problem))
            throw new InvalidDataException($"Tensor '{name}' has shape [{string.Join(",", dims)}]: {problem}.");
    }

    private static OnnxValueInfo ReadValueInfo(ProtoFieldReader r)
    {
        string name = "";
        int elementType = 0;
        var shape = new List<long?>();
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: name = r.ReadString(); break;
                case 2: ReadType(r.ReadMessage(), ref elementType, shape); break;
                default: r.Skip(); break;
            }
        }

        return new OnnxValueInfo(name, elementType, shape);
    }

    private static void ReadType(ProtoFieldReader r, ref int elementType, List<long?> shape)
    {
        while (r.Next())
        {
            if (r.Field != 1) { r.Skip(); continue; } // TypeProto.tensor_type
            var tensorType = r.ReadMessage();
            while (tensorType.Next())
            {
                switch (tensorType.Field)
                {
                    case 1: elementType = tensorType.ReadInt32(); break;
                    case 2: ReadShape(tensorType.ReadMessage(), shape); break;
                    default: tensorType.Skip(); break;
                }
            }
        }
    }

    private static void ReadShape(ProtoFieldReader r, List<long?> shape)
    {
        while (r.Next())
        {
            if (r.Field != 1) { r.Skip(); continue; } // TensorShapeProto.dim
            var dim = r.ReadMessage();
            long? value = null;
            while (dim.Next())
            {
                if (dim.Field == 1) value = dim.ReadInt64();
                else dim.Skip();
            }

            shape.Add(value);
        }
    }
}
