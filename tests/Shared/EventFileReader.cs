using System.Buffers.Binary;
using Tensorboard;

namespace GanKit.Testing;

/// <summary>
/// Reads a TensorBoard event file back for tests: TFRecord framing (u64 length, masked CRC-32C of the length, payload,
/// masked CRC-32C of the payload), both checksums verified with a bitwise CRC independent of the writer's.
/// </summary>
internal static class EventFileReader
{
    public static IReadOnlyList<Event> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<Event>();
        int offset = 0;
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < 12) throw new InvalidDataException($"Truncated record header at byte {offset}.");
            var lengthBytes = bytes.AsSpan(offset, 8);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8)) != Masked(lengthBytes))
                throw new InvalidDataException($"Bad length checksum at byte {offset}.");
            offset += 12;
            if ((ulong)(bytes.Length - offset) < length + 4) throw new InvalidDataException($"Truncated record at byte {offset}.");
            var payload = bytes.AsSpan(offset, (int)length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + (int)length)) != Masked(payload))
                throw new InvalidDataException($"Bad payload checksum at byte {offset}.");
            // TorchSharp's generated messages lack span parsing: parse a byte array (the CodedInputStream path).
            events.Add(Event.Parser.ParseFrom(payload.ToArray()));
            offset += (int)length + 4;
        }

        return events;
    }

    /// <summary>The only event file in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<Event> ReadSingle(string directory) =>
        Read(Directory.GetFiles(directory, "events.out.tfevents.*").Should().ContainSingle().Subject);

    /// <summary>Every scalar in the file: (tag, step, value).</summary>
    public static IReadOnlyList<(string Tag, long Step, float Value)> Scalars(IEnumerable<Event> events) =>
        events.Where(e => e.Summary is not null)
            .SelectMany(e => e.Summary.Value.Where(v => v.ValueCase == Summary.Types.Value.ValueOneofCase.SimpleValue)
                .Select(v => (v.Tag, e.Step, v.SimpleValue)))
            .ToArray();

    /// <summary>Every image in the file: (tag, step, image).</summary>
    public static IReadOnlyList<(string Tag, long Step, Summary.Types.Image Image)> Images(IEnumerable<Event> events) =>
        events.Where(e => e.Summary is not null)
            .SelectMany(e => e.Summary.Value.Where(v => v.ValueCase == Summary.Types.Value.ValueOneofCase.Image)
                .Select(v => (v.Tag, e.Step, v.Image)))
            .ToArray();

    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }

        return ~crc;
    }

    private static uint Masked(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}
