using System.Buffers.Binary;
using System.IO.Compression;

namespace GanKit.Data;

/// <summary>
/// Reads IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed. Only unsigned-byte data
/// (type code 0x08) is supported, which is what image and label files use. A plain file's header is validated against
/// the file's real size before the data is allocated; a gzip file's buffer grows only as decompressed data arrives (its
/// size trailer is a claim, not a fact), so a corrupt header cannot trigger a huge allocation either way.
/// </summary>
internal static class IdxFile
{
    private const byte UnsignedByte = 0x08;
    private const long MaxElements = int.MaxValue; // one managed array
    private const int FirstChunk = 64 * 1024;

    /// <summary>Reads an IDX file.</summary>
    /// <param name="path">The file (".gz" or not; compression is detected from the content).</param>
    /// <returns>The dimensions and the data, row-major.</returns>
    /// <exception cref="InvalidDatasetException">The file is missing, truncated, corrupt or not IDX.</exception>
    public static (int[] Dimensions, byte[] Data) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new InvalidDatasetException(path, "the file does not exist.");
        try
        {
            using var file = File.OpenRead(path);
            if (file.Length == 0) throw new InvalidDatasetException(path, "the file is empty.");
            Span<byte> magic = stackalloc byte[2];
            file.ReadExactly(magic);
            file.Position = 0;
            bool gzip = magic[0] == 0x1F && magic[1] == 0x8B;
            using Stream data = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            return ReadIdx(data, path, gzip ? null : file.Length);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDatasetException(path, "the gzip data is corrupt.", ex);
        }
        catch (IOException ex)
        {
            throw new InvalidDatasetException(path, $"the file cannot be read ({ex.Message}).", ex);
        }
    }

    // A plain file's size is known before reading; a gzip file's is not (its size trailer counts only the last member,
    // and can be forged), so it is checked by what actually decompresses.
    private static (int[] Dimensions, byte[] Data) ReadIdx(Stream stream, string path, long? plainFileSize)
    {
        Span<byte> header = stackalloc byte[4];
        if (ReadFully(stream, header) < 4) throw new InvalidDatasetException(path, "the file is too short for an IDX header.");
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDatasetException(path, $"wrong magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(header):X8}; an IDX file starts with two zero bytes.");
        if (header[2] != UnsignedByte)
            throw new InvalidDatasetException(path, $"data type 0x{header[2]:X2} is not supported; only unsigned bytes (0x08) are.");
        int rank = header[3];
        if (rank is < 1 or > 4) throw new InvalidDatasetException(path, $"the header declares {rank} dimensions; 1 to 4 are supported.");

        var dims = new int[rank];
        Span<byte> dimBytes = stackalloc byte[4];
        long elements = 1;
        for (int i = 0; i < rank; i++)
        {
            if (ReadFully(stream, dimBytes) < 4) throw new InvalidDatasetException(path, "the file is truncated inside the IDX header.");
            int d = BinaryPrimitives.ReadInt32BigEndian(dimBytes);
            if (d <= 0) throw new InvalidDatasetException(path, $"dimension {i} is {d}; every dimension must be at least 1.");
            dims[i] = d;
            elements *= d;
            if (elements > MaxElements) throw new InvalidDatasetException(path, $"the header declares more than {MaxElements:N0} values.");
        }

        long headerSize = 4 + 4L * rank;
        if (plainFileSize is { } total && total - headerSize < elements)
        {
            throw new InvalidDatasetException(path,
                $"the header declares [{string.Join("×", dims)}] = {elements:N0} bytes of data but the file holds only {Math.Max(0, total - headerSize):N0}.");
        }

        var data = ReadData(stream, (int)elements, sizeIsExact: plainFileSize is not null);
        if (data.Length < elements)
            throw new InvalidDatasetException(path, $"the file is truncated: {data.Length:N0} of {elements:N0} data bytes present.");
        return (dims, data);
    }

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes. When the size check above was exact (a plain file) the buffer is allocated
    /// at once; otherwise (gzip, whose size trailer anyone can forge) it doubles only as data actually arrives, so a lying
    /// header and trailer cost at most a few times the real data. Returns fewer bytes when the stream ends early.
    /// </summary>
    private static byte[] ReadData(Stream stream, int count, bool sizeIsExact)
    {
        var data = new byte[sizeIsExact ? count : Math.Min(count, FirstChunk)];
        int filled = 0;
        while (filled < count)
        {
            if (filled == data.Length) Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
            int n = stream.Read(data, filled, data.Length - filled);
            if (n == 0) break;
            filled += n;
        }

        if (filled < data.Length) Array.Resize(ref data, filled);
        return data;
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }

        return total;
    }
}
