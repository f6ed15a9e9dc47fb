using Google.Protobuf;

namespace GanKit.Tests.Features.Support;

/// <summary>
/// Edits ONNX model bytes for tests without a protobuf schema: exposes intermediate values as graph outputs (by appending a
/// second GraphProto, which protobuf merges into the first) and changes the declared input size in place.
/// </summary>
internal static class OnnxModelEditor
{
    /// <summary>Adds float graph outputs named <paramref name="values"/> so ONNX Runtime returns them.</summary>
    public static byte[] WithExtraOutputs(byte[] model, IEnumerable<string> values)
    {
        var graph = new MemoryStream();
        var g = new CodedOutputStream(graph);
        foreach (var name in values)
        {
            var valueInfo = new MemoryStream();
            var v = new CodedOutputStream(valueInfo);
            v.WriteTag(1, WireFormat.WireType.LengthDelimited); // ValueInfoProto.name
            v.WriteString(name);
            v.WriteTag(2, WireFormat.WireType.LengthDelimited); // ValueInfoProto.type = TypeProto { tensor_type { elem_type: FLOAT } }
            v.WriteBytes(ByteString.CopyFrom(0x0A, 0x02, 0x08, 0x01));
            v.Flush();
            g.WriteTag(12, WireFormat.WireType.LengthDelimited); // GraphProto.output
            g.WriteBytes(ByteString.CopyFrom(valueInfo.ToArray()));
        }

        g.Flush();
        var result = new MemoryStream();
        result.Write(model);
        var m = new CodedOutputStream(result);
        m.WriteTag(7, WireFormat.WireType.LengthDelimited); // ModelProto.graph, merged with the existing one
        m.WriteBytes(ByteString.CopyFrom(graph.ToArray()));
        m.Flush();
        return result.ToArray();
    }

    /// <summary>
    /// Changes the declared input shape [1,3,224,224] to [1,3,<paramref name="height"/>,<paramref name="width"/>] (both 128–16383,
    /// so their varints keep 224's two-byte length and no enclosing length changes).
    /// </summary>
    public static byte[] WithInputSize(byte[] model, int height, int width)
    {
        byte[] shape = [0x0A, 0x02, 0x08, 0x01, 0x0A, 0x02, 0x08, 0x03, 0x0A, 0x03, 0x08, 0xE0, 0x01, 0x0A, 0x03, 0x08, 0xE0, 0x01];
        var at = model.AsSpan().IndexOf(shape);
        if (at < 0 || model.AsSpan(at + 1).IndexOf(shape) >= 0) throw new InvalidOperationException("The [1,3,224,224] input shape was not found exactly once.");
        var copy = (byte[])model.Clone();
        WriteVarint2(copy.AsSpan(at + 11), height);
        WriteVarint2(copy.AsSpan(at + 16), width);
        return copy;
    }

    private static void WriteVarint2(Span<byte> at, int value)
    {
        if (value is < 128 or > 16383) throw new ArgumentOutOfRangeException(nameof(value), value, "Must be 128–16383 to keep a two-byte varint.");
        at[0] = (byte)(value & 0x7F | 0x80);
        at[1] = (byte)(value >> 7);
    }
}
