using System.Buffers.Binary;

namespace GanKit.Tests.TestSupport;

/// <summary>Writes a 24-bit uncompressed BMP (bottom-up rows, BGR, rows padded to 4 bytes).</summary>
public static class BmpBuilder
{
    public static byte[] Build(int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        int rowBytes = (width * 3 + 3) & ~3;
        int dataSize = rowBytes * height;
        var bmp = new byte[54 + dataSize];
        bmp[0] = (byte)'B'; bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(34), dataSize);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            var (r, g, b) = pixel(x, y);
            int o = 54 + (height - 1 - y) * rowBytes + x * 3;
            bmp[o] = b; bmp[o + 1] = g; bmp[o + 2] = r;
        }
        return bmp;
    }
}
