using System.Buffers.Binary;
using System.IO.Compression;

namespace GanKit.Cli.Tests;

/// <summary>Small gzip-compressed IDX image files (28×28, like Fashion-MNIST) for CLI tests.</summary>
internal static class IdxTestFiles
{
    /// <summary>Writes <paramref name="count"/> 28×28 images: horizontal sine stripes shifted per image, plus seeded noise.</summary>
    public static void WriteImages(string path, int count, int seed)
    {
        var random = new Random(seed);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], count);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], 28);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], 28);
        gzip.Write(header);
        var pixels = new byte[count * 28 * 28];
        for (int i = 0; i < count; i++)
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++)
                    pixels[(i * 28 + y) * 28 + x] = (byte)Math.Clamp(128 + 100 * Math.Sin((x + i % 7) / 4.0) + random.Next(-40, 40), 0, 255);
        gzip.Write(pixels);
    }

    /// <summary>Writes <paramref name="count"/> labels 0, 1, 2, … 9, 0, 1, … as an IDX label file.</summary>
    public static void WriteLabels(string path, int count)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], count);
        gzip.Write(header);
        gzip.Write(Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());
    }
}
