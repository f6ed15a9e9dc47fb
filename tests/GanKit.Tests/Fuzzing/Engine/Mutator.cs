using System.Buffers.Binary;
using System.Text;
using CsCheck;

namespace GanKit.Fuzzing;

/// <summary>
/// The shared, seeded mutation engine: turns a valid file into a damaged one with one to four random edits —
/// bit flips, interesting bytes, inserted/deleted/duplicated runs, truncation, and "lying" integers (lengths, counts,
/// dimensions such as 2^31, 2^32 or 2^40) written little- or big-endian, as protobuf varints, or as decimal text.
/// The same case seed always gives the same bytes (CsCheck's PCG), so every finding can be replayed.
/// </summary>
public static class Mutator
{
    /// <summary>Integers that tend to break length and count checks: zero, signs, powers of two at the type limits.</summary>
    public static readonly long[] InterestingIntegers =
    [
        0, 1, -1, 2, 3, 4, 7, 8, 255, 256, 65535, 65536, 1L << 24, int.MaxValue, 1L << 31, uint.MaxValue, 1L << 32,
        (1L << 32) + 1, 1L << 40, 1L << 48, 1L << 62, long.MaxValue, long.MinValue, int.MinValue, -2, -(1L << 32),
    ];

    private static readonly string[] InterestingNumberTexts =
        ["0", "-1", "-2147483648", "2147483647", "2147483648", "4294967296", "1099511627776", "9223372036854775807",
         "99999999999999999999", "1e308", "-0", "0.5", "NaN", "65536", "3"];

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x10, 0x40];

    /// <summary>Applies one to four random edits to a copy of <paramref name="input"/>.</summary>
    /// <param name="input">A valid file.</param>
    /// <param name="rng">The case's generator.</param>
    /// <param name="log">Receives a short description of each edit (for the finding report).</param>
    /// <param name="maxLength">Inserted bytes stop growing the file beyond this length.</param>
    public static byte[] Mutate(byte[] input, PCG rng, List<string> log, int maxLength = 1 << 20)
    {
        var data = new List<byte>(input);
        int edits = 1 + (int)rng.Next(4);
        for (int e = 0; e < edits; e++) MutateOnce(data, rng, log, maxLength);
        return data.ToArray();
    }

    /// <summary>One random edit, in place.</summary>
    public static void MutateOnce(List<byte> data, PCG rng, List<string> log, int maxLength = 1 << 20)
    {
        if (data.Count == 0)
        {
            data.Add((byte)rng.Next(256));
            log.Add("append 1 byte to an empty file");
            return;
        }

        int pos = (int)rng.Next((uint)data.Count);
        switch (rng.Next(11))
        {
            case 0:
            {
                int flips = 1 + (int)rng.Next(8);
                for (int i = 0; i < flips; i++)
                {
                    int p = (int)rng.Next((uint)data.Count);
                    data[p] ^= (byte)(1 << (int)rng.Next(8));
                }

                log.Add($"flip {flips} bit(s)");
                break;
            }
            case 1:
                data[pos] = InterestingBytes[rng.Next((uint)InterestingBytes.Length)];
                log.Add($"byte @{pos} = 0x{data[pos]:X2}");
                break;
            case 2:
            {
                if (data.Count >= maxLength) goto case 3;
                int n = 1 + (int)rng.Next(64);
                var bytes = new byte[n];
                for (int i = 0; i < n; i++) bytes[i] = (byte)rng.Next(256);
                data.InsertRange(pos, bytes);
                log.Add($"insert {n} random byte(s) @{pos}");
                break;
            }
            case 3:
            {
                int n = Math.Min(1 + (int)rng.Next(64), data.Count - pos);
                data.RemoveRange(pos, n);
                log.Add($"delete {n} byte(s) @{pos}");
                break;
            }
            case 4:
                data.RemoveRange(pos, data.Count - pos);
                log.Add($"truncate to {pos} byte(s)");
                break;
            case 5:
            case 6:
                WriteFixedInteger(data, pos, rng, log);
                break;
            case 7:
                WriteVarint(data, pos, rng, log);
                break;
            case 8:
                if (!ReplaceNumberText(data, pos, rng, log)) goto case 5;
                break;
            case 9:
            {
                // Copy a run from elsewhere in the file over this position (repeats a header, a length, a chunk).
                int from = (int)rng.Next((uint)data.Count);
                int n = Math.Min(1 + (int)rng.Next(32), Math.Min(data.Count - from, data.Count - pos));
                var run = data.GetRange(from, n);
                for (int i = 0; i < n; i++) data[pos + i] = run[i];
                log.Add($"copy {n} byte(s) @{from} over @{pos}");
                break;
            }
            default:
            {
                if (data.Count >= maxLength) goto case 4;
                int from = (int)rng.Next((uint)data.Count);
                int n = Math.Min(1 + (int)rng.Next(256), data.Count - from);
                data.InsertRange(pos, data.GetRange(from, n));
                log.Add($"duplicate {n} byte(s) @{from} into @{pos}");
                break;
            }
        }
    }

    /// <summary>Overwrites 4 or 8 bytes at <paramref name="pos"/> with an interesting or nearby integer, either endianness.</summary>
    public static void WriteFixedInteger(List<byte> data, int pos, PCG rng, List<string> log)
    {
        int width = rng.Next(2) == 0 ? 4 : 8;
        if (pos + width > data.Count) pos = Math.Max(0, data.Count - width);
        if (data.Count < width) { data[pos] = 0xFF; log.Add($"byte @{pos} = 0xFF"); return; }
        bool big = rng.Next(2) == 0;
        Span<byte> buffer = stackalloc byte[8];
        for (int i = 0; i < width; i++) buffer[i] = data[pos + i];
        long current = width == 4
            ? (big ? BinaryPrimitives.ReadInt32BigEndian(buffer) : BinaryPrimitives.ReadInt32LittleEndian(buffer))
            : (big ? BinaryPrimitives.ReadInt64BigEndian(buffer) : BinaryPrimitives.ReadInt64LittleEndian(buffer));
        long value = rng.Next(3) switch
        {
            0 => current + (long)rng.Next(9) - 4,       // off by a little
            1 => current * (1L << (int)(1 + rng.Next(20))), // a lot more than is there
            _ => InterestingIntegers[rng.Next((uint)InterestingIntegers.Length)],
        };
        if (width == 4)
        {
            if (big) BinaryPrimitives.WriteInt32BigEndian(buffer, (int)value); else BinaryPrimitives.WriteInt32LittleEndian(buffer, (int)value);
        }
        else if (big) BinaryPrimitives.WriteInt64BigEndian(buffer, value);
        else BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        for (int i = 0; i < width; i++) data[pos + i] = buffer[i];
        log.Add($"int{width * 8} {(big ? "BE" : "LE")} @{pos}: {current} -> {(width == 4 ? (int)value : value)}");
    }

    /// <summary>Replaces the varint starting at <paramref name="pos"/> with the encoding of an interesting value (protobuf lengths, dims, tags).</summary>
    public static void WriteVarint(List<byte> data, int pos, PCG rng, List<string> log)
    {
        int end = pos;
        while (end < data.Count && end - pos < 10 && (data[end] & 0x80) != 0) end++;
        end = Math.Min(end + 1, data.Count);
        long value = InterestingIntegers[rng.Next((uint)InterestingIntegers.Length)];
        var encoded = EncodeVarint((ulong)value);
        data.RemoveRange(pos, end - pos);
        data.InsertRange(pos, encoded);
        log.Add($"varint @{pos} = {value}");
    }

    /// <summary>The protobuf base-128 encoding of <paramref name="value"/>.</summary>
    public static byte[] EncodeVarint(ulong value)
    {
        var bytes = new List<byte>(10);
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            bytes.Add(b);
        }
        while (value != 0);
        return bytes.ToArray();
    }

    /// <summary>Replaces the run of ASCII digits at or after <paramref name="pos"/> with an interesting number (JSON, text headers).</summary>
    public static bool ReplaceNumberText(List<byte> data, int pos, PCG rng, List<string> log)
    {
        int start = -1;
        for (int i = 0; i < data.Count; i++)
        {
            int p = (pos + i) % data.Count;
            if (data[p] is >= (byte)'0' and <= (byte)'9') { start = p; break; }
        }

        if (start < 0) return false;
        while (start > 0 && data[start - 1] is >= (byte)'0' and <= (byte)'9') start--;
        int end = start;
        while (end < data.Count && data[end] is >= (byte)'0' and <= (byte)'9') end++;
        var text = InterestingNumberTexts[rng.Next((uint)InterestingNumberTexts.Length)];
        data.RemoveRange(start, end - start);
        data.InsertRange(start, Encoding.ASCII.GetBytes(text));
        log.Add($"number text @{start} = {text}");
        return true;
    }
}
