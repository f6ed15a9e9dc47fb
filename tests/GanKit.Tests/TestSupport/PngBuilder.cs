using System.Buffers.Binary;
using System.IO.Compression;

namespace GanKit.Tests.TestSupport;

/// <summary>
/// Writes PNG files byte by byte, so tests control the exact colour type and bit depth (16-bit, palette,
/// gray+alpha) and can forge headers (e.g. a huge declared size) without any encoder smoothing them over.
/// </summary>
public static class PngBuilder
{
    public const byte Gray = 0, Rgb = 2, Palette = 3, GrayAlpha = 4, Rgba = 6;

    /// <param name="rows">Raw scanline bytes per row, without the filter byte.</param>
    public static byte[] Build(int width, int height, byte colorType, byte bitDepth, IReadOnlyList<byte[]> rows, byte[]? palette = null)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth; ihdr[9] = colorType;
        WriteChunk(ms, "IHDR", ihdr);
        if (palette is not null) WriteChunk(ms, "PLTE", palette);
        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
            {
                foreach (var row in rows) { z.WriteByte(0); z.Write(row); }
            }
            WriteChunk(ms, "IDAT", raw.ToArray());
        }
        WriteChunk(ms, "IEND", []);
        return ms.ToArray();
    }

    /// <summary>A valid header for a huge image followed by a tiny, useless body.</summary>
    public static byte[] HugeHeader(int width, int height) =>
        Build(width, height, Gray, 8, [new byte[1]]);

    private static void WriteChunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc32(typeBytes.Concat(data).ToArray()));
        s.Write(len);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
