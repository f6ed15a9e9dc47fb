using Google.Protobuf;

namespace GanKit.Tests.Features.Support;

/// <summary>Writes tiny ONNX models field by field, exercising encodings the reader must accept (packed and unpacked, raw data).</summary>
internal sealed class OnnxModelWriter
{
    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private readonly List<byte[]> _inputs = [];
    private readonly List<byte[]> _outputs = [];

    public OnnxModelWriter Input(string name, params long[] shape)
    {
        _inputs.Add(ValueInfo(name, shape));
        return this;
    }

    public OnnxModelWriter Output(string name)
    {
        _outputs.Add(ValueInfo(name, []));
        return this;
    }

    /// <summary>A float initializer, stored as packed float_data or, with <paramref name="raw"/>, as raw_data; dims unpacked.</summary>
    public OnnxModelWriter Weight(string name, long[] dims, float[] values, bool raw = false)
    {
        _initializers.Add(Message(w =>
        {
            foreach (var d in dims) { w.WriteTag(1, WireFormat.WireType.Varint); w.WriteInt64(d); }
            w.WriteTag(2, WireFormat.WireType.Varint); w.WriteInt32(1);
            w.WriteTag(8, WireFormat.WireType.LengthDelimited); w.WriteString(name);
            var bytes = values.SelectMany(BitConverter.GetBytes).ToArray();
            w.WriteTag(raw ? 9 : 4, WireFormat.WireType.LengthDelimited); w.WriteBytes(ByteString.CopyFrom(bytes));
        }));
        return this;
    }

    /// <summary>A node; integer-list attributes are written packed.</summary>
    public OnnxModelWriter Node(string op, string name, string[] inputs, string output, params (string Name, object Value)[] attributes)
    {
        _nodes.Add(Message(w =>
        {
            foreach (var i in inputs) { w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteString(i); }
            w.WriteTag(2, WireFormat.WireType.LengthDelimited); w.WriteString(output);
            w.WriteTag(3, WireFormat.WireType.LengthDelimited); w.WriteString(name);
            w.WriteTag(4, WireFormat.WireType.LengthDelimited); w.WriteString(op);
            foreach (var (attrName, value) in attributes)
            {
                w.WriteTag(5, WireFormat.WireType.LengthDelimited);
                w.WriteBytes(ByteString.CopyFrom(Message(a =>
                {
                    a.WriteTag(1, WireFormat.WireType.LengthDelimited); a.WriteString(attrName);
                    switch (value)
                    {
                        case long[] ints:
                            a.WriteTag(8, WireFormat.WireType.LengthDelimited);
                            a.WriteBytes(ByteString.CopyFrom(Message(p => { foreach (var v in ints) p.WriteInt64(v); })));
                            break;
                        case long i: a.WriteTag(3, WireFormat.WireType.Varint); a.WriteInt64(i); break;
                        case float f: a.WriteTag(2, WireFormat.WireType.Fixed32); a.WriteFloat(f); break;
                        case string s: a.WriteTag(4, WireFormat.WireType.LengthDelimited); a.WriteString(s); break;
                    }
                })));
            }
        }));
        return this;
    }

    public byte[] ToBytes() => Message(m =>
    {
        m.WriteTag(1, WireFormat.WireType.Varint); m.WriteInt64(7); // ir_version
        m.WriteTag(2, WireFormat.WireType.LengthDelimited); m.WriteString("GanKit tests");
        m.WriteTag(7, WireFormat.WireType.LengthDelimited);
        m.WriteBytes(ByteString.CopyFrom(Message(g =>
        {
            foreach (var n in _nodes) { g.WriteTag(1, WireFormat.WireType.LengthDelimited); g.WriteBytes(ByteString.CopyFrom(n)); }
            g.WriteTag(2, WireFormat.WireType.LengthDelimited); g.WriteString("tiny");
            foreach (var t in _initializers) { g.WriteTag(5, WireFormat.WireType.LengthDelimited); g.WriteBytes(ByteString.CopyFrom(t)); }
            foreach (var i in _inputs) { g.WriteTag(11, WireFormat.WireType.LengthDelimited); g.WriteBytes(ByteString.CopyFrom(i)); }
            foreach (var o in _outputs) { g.WriteTag(12, WireFormat.WireType.LengthDelimited); g.WriteBytes(ByteString.CopyFrom(o)); }
            g.WriteTag(99, WireFormat.WireType.Varint); g.WriteInt32(1); // an unknown field, to be skipped
        })));
        m.WriteTag(8, WireFormat.WireType.LengthDelimited); // opset_import { domain: "", version: 13 }
        m.WriteBytes(ByteString.CopyFrom(Message(o => { o.WriteTag(2, WireFormat.WireType.Varint); o.WriteInt64(13); })));
    });

    private static byte[] ValueInfo(string name, long[] shape) => Message(v =>
    {
        v.WriteTag(1, WireFormat.WireType.LengthDelimited); v.WriteString(name);
        v.WriteTag(2, WireFormat.WireType.LengthDelimited);
        v.WriteBytes(ByteString.CopyFrom(Message(type =>
        {
            type.WriteTag(1, WireFormat.WireType.LengthDelimited);
            type.WriteBytes(ByteString.CopyFrom(Message(tensor =>
            {
                tensor.WriteTag(1, WireFormat.WireType.Varint); tensor.WriteInt32(1);
                if (shape.Length == 0) return;
                tensor.WriteTag(2, WireFormat.WireType.LengthDelimited);
                tensor.WriteBytes(ByteString.CopyFrom(Message(s =>
                {
                    foreach (var d in shape)
                    {
                        s.WriteTag(1, WireFormat.WireType.LengthDelimited);
                        s.WriteBytes(ByteString.CopyFrom(Message(dim => { dim.WriteTag(1, WireFormat.WireType.Varint); dim.WriteInt64(d); })));
                    }
                })));
            })));
        })));
    });

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }
}
