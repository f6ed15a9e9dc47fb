using System.Buffers.Binary;
using System.IO.Compression;

namespace GanKit.Features;

/// <summary>
/// Walks the opcodes of a PyTorch zip file's <c>data.pkl</c> before the unpickler sees it, refusing any opcode whose length
/// prefix claims more bytes than the pickle holds. The unpickler allocates what a length prefix says before reading, so one
/// damaged prefix (BINBYTES, BINUNICODE, LONG4 …) would otherwise cost up to 2 GB — or 2^63 bytes for the 8-byte ones.
/// </summary>
internal static class PickleCheck
{
    private const long MaxPickleBytes = 256L * 1024 * 1024; // a state dict's pickle holds names and shapes, not the weights

    /// <summary>Checks the pickle inside the PyTorch zip file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The zip has no pickle, or the pickle is malformed or truncated.</exception>
    public static void VerifyZip(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal))
                    ?? throw new InvalidDataException("the zip archive has no data.pkl.");
        using var stream = entry.Open();
        using var pickle = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            if (pickle.Length + n > MaxPickleBytes) throw new InvalidDataException($"data.pkl is larger than {MaxPickleBytes:N0} bytes.");
            pickle.Write(buffer, 0, n);
        }

        Verify(pickle.GetBuffer().AsSpan(0, (int)pickle.Length));
    }

    /// <summary>Checks that every opcode of <paramref name="pickle"/> is known and its argument lies inside the pickle, up to STOP.</summary>
    /// <exception cref="InvalidDataException">An opcode is unknown or its argument runs past the end.</exception>
    public static void Verify(ReadOnlySpan<byte> pickle)
    {
        int pos = 0;
        while (pos < pickle.Length)
        {
            byte op = pickle[pos++];
            if (op == (byte)'.') return; // STOP
            long argument = op switch
            {
                // No argument.
                (byte)'(' or (byte)'0' or (byte)'1' or (byte)'2' or (byte)'N' or (byte)'b' or (byte)'d' or (byte)'}' or (byte)'e'
                    or (byte)'l' or (byte)']' or (byte)'o' or (byte)'R' or (byte)'s' or (byte)'t' or (byte)')' or (byte)'u' or (byte)'a'
                    or (byte)'Q' or 0x81 or 0x85 or 0x86 or 0x87 or 0x88 or 0x89 or 0x8F or 0x90 or 0x91 or 0x92 or 0x93 or 0x94
                    or 0x97 or 0x98 => 0,
                // Fixed-size arguments.
                (byte)'K' or (byte)'h' or (byte)'q' or 0x80 or 0x82 => 1,
                (byte)'M' or 0x83 => 2,
                (byte)'J' or (byte)'j' or (byte)'r' or 0x84 => 4,
                (byte)'G' or 0x95 => 8,
                // Length-prefixed arguments: the prefix, then that many bytes.
                (byte)'U' or (byte)'C' or 0x8C or 0x8A => 1 + (long)Need(pickle, pos, 1)[0],
                (byte)'T' or (byte)'X' or (byte)'B' or 0x8B => 4 + (long)BinaryPrimitives.ReadInt32LittleEndian(Need(pickle, pos, 4)),
                0x8D or 0x8E or 0x96 => 8 + BinaryPrimitives.ReadInt64LittleEndian(Need(pickle, pos, 8)),
                // Newline-terminated text arguments.
                (byte)'I' or (byte)'L' or (byte)'F' or (byte)'S' or (byte)'V' or (byte)'P' or (byte)'g' or (byte)'p' => Line(pickle, pos),
                (byte)'c' or (byte)'i' => TwoLines(pickle, pos),
                _ => throw new InvalidDataException($"the pickle has the unknown opcode 0x{op:X2} at byte {pos - 1}."),
            };
            if (argument < 0 || argument > pickle.Length - pos)
                throw new InvalidDataException($"the pickle's opcode 0x{op:X2} at byte {pos - 1} claims more data than the pickle holds.");
            pos += (int)argument;
        }

        throw new InvalidDataException("the pickle ends without a STOP opcode.");
    }

    private static ReadOnlySpan<byte> Need(ReadOnlySpan<byte> pickle, int pos, int count) =>
        pos + count <= pickle.Length ? pickle.Slice(pos, count) : throw new InvalidDataException("the pickle is truncated.");

    private static long TwoLines(ReadOnlySpan<byte> pickle, int pos)
    {
        long first = Line(pickle, pos);
        if (first < 0) return -1;
        long second = Line(pickle, pos + (int)first);
        return second < 0 ? -1 : first + second;
    }

    /// <summary>The length of the line starting at <paramref name="pos"/>, newline included; -1 when there is no newline.</summary>
    private static long Line(ReadOnlySpan<byte> pickle, int pos)
    {
        if (pos > pickle.Length) return -1;
        int newline = pickle[pos..].IndexOf((byte)'\n');
        return newline < 0 ? -1 : newline + 1;
    }
}
