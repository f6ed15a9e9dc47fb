using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;

namespace GanKit.Features.Onnx;

/// <summary>
/// Walks the fields of one protobuf message held in a byte array, without copying sub-messages:
/// a nested message is returned as another reader over the same array.
/// Built on Google.Protobuf's <see cref="CodedInputStream"/>; only the wire format is used, no generated code.
/// </summary>
internal sealed class ProtoFieldReader
{
    private readonly byte[] _buffer;
    private readonly int _offset;
    private readonly int _length;
    private readonly CodedInputStream _input;

    public ProtoFieldReader(byte[] buffer, int offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > buffer.Length)
            throw new InvalidDataException("A message extends past the end of the file.");
        _buffer = buffer;
        _offset = offset;
        _length = length;
        _input = new CodedInputStream(buffer, offset, length);
    }

    /// <summary>The field number of the field last returned by <see cref="Next"/>.</summary>
    public int Field { get; private set; }

    /// <summary>The wire type of the field last returned by <see cref="Next"/>.</summary>
    public WireFormat.WireType WireType { get; private set; }

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next()
    {
        if (_input.IsAtEnd) return false;
        var tag = _input.ReadTag();
        if (tag == 0) throw new InvalidDataException("A field has the invalid tag 0.");
        Field = WireFormat.GetTagFieldNumber(tag);
        WireType = WireFormat.GetTagWireType(tag);
        return true;
    }

    /// <summary>Skips the current field.</summary>
    public void Skip() => _input.SkipLastField();

    public long ReadInt64() => _input.ReadInt64();

    public int ReadInt32() => _input.ReadInt32();

    public float ReadFloat() => _input.ReadFloat();

    public string ReadString() => _input.ReadString();

    /// <summary>Reads the current length-delimited field as a nested message, without copying it.</summary>
    public ProtoFieldReader ReadMessage()
    {
        var (start, length) = ReadDelimited();
        return new ProtoFieldReader(_buffer, start, length);
    }

    /// <summary>Reads the current length-delimited field's bytes, without copying them.</summary>
    public ReadOnlySpan<byte> ReadBytesSpan()
    {
        var (start, length) = ReadDelimited();
        return new ReadOnlySpan<byte>(_buffer, start, length);
    }

    /// <summary>Appends a repeated int64 field's values, packed or not.</summary>
    public void ReadInt64s(List<long> into)
    {
        if (WireType != WireFormat.WireType.LengthDelimited)
        {
            into.Add(_input.ReadInt64());
            return;
        }

        var packed = ReadMessage();
        while (!packed._input.IsAtEnd) into.Add(packed._input.ReadInt64());
    }

    /// <summary>Reads a packed float field in one go (the usual encoding of a large weight tensor).</summary>
    public float[] ReadPackedFloats()
    {
        var bytes = ReadBytesSpan();
        if (bytes.Length % 4 != 0) throw new InvalidDataException("A packed float field's length is not a multiple of 4.");
        return FloatsFromLittleEndian(bytes);
    }

    /// <summary>Converts little-endian IEEE floats to an array.</summary>
    public static float[] FloatsFromLittleEndian(ReadOnlySpan<byte> bytes)
    {
        if (BitConverter.IsLittleEndian) return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        var values = new float[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]));
        return values;
    }

    /// <summary>Appends a repeated float field's values, packed or not.</summary>
    public void ReadFloats(List<float> into)
    {
        if (WireType != WireFormat.WireType.LengthDelimited)
        {
            into.Add(_input.ReadFloat());
            return;
        }

        var bytes = ReadBytesSpan();
        if (bytes.Length % 4 != 0) throw new InvalidDataException("A packed float field's length is not a multiple of 4.");
        if (BitConverter.IsLittleEndian)
        {
            into.AddRange(MemoryMarshal.Cast<byte, float>(bytes));
            return;
        }

        for (var i = 0; i < bytes.Length; i += 4)
            into.Add(BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(bytes[i..])));
    }

    private (int Start, int Length) ReadDelimited()
    {
        if (WireType != WireFormat.WireType.LengthDelimited)
            throw new InvalidDataException($"Field {Field} was expected to be length-delimited but has wire type {WireType}.");

        // Decode the length varint ourselves so we know where the payload starts, then let the stream skip it.
        var position = (int)_input.Position; // absolute: CodedInputStream over (buffer, offset, length) counts from the array start
        var end = _offset + _length;
        ulong length = 0;
        var shift = 0;
        while (true)
        {
            if (position >= end || shift > 35) throw new InvalidDataException("A field's length is truncated or malformed.");
            var b = _buffer[position++];
            length |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
            shift += 7;
        }

        if (length > (ulong)(end - position)) throw new InvalidDataException("A field extends past the end of its message.");
        _input.SkipLastField();
        return (position, (int)length);
    }
}
