using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.IO;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1–3) holding little-endian float32 or float64 arrays in C order,
/// so that feature matrices can be exchanged with Python tools such as pytorch-fid, torch-fidelity and <c>prdc</c>
/// (<c>numpy.load(path)</c> reads what <see cref="Write"/> writes).
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes a float32 or float64 tensor (any shape, copied to the CPU) as a version-1 <c>.npy</c> file, atomically.</summary>
    /// <param name="path">The file to create or replace; its folder is created.</param>
    /// <param name="array">The array; its dtype is kept (<c>&lt;f4</c> or <c>&lt;f8</c>).</param>
    /// <exception cref="ArgumentException">The tensor is neither float32 nor float64.</exception>
    public static void Write(string path, Tensor array)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(array);
        string descr = array.dtype switch
        {
            ScalarType.Float32 => "<f4",
            ScalarType.Float64 => "<f8",
            _ => throw new ArgumentException($"Only float32 and float64 arrays can be written; got {array.dtype}.", nameof(array)),
        };
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("NpyFile writes little-endian data on little-endian machines only.");
        using var scope = NewDisposeScope();
        var data = array.detach().to(CPU).contiguous();
        var shape = array.dim() == 1 ? $"({array.shape[0]},)" : $"({string.Join(", ", array.shape)})";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        // Version 1: magic, 2 version bytes, 2-byte header length; the header is padded with spaces to a multiple of 64 bytes.
        int unpadded = Magic.Length + 4 + dict.Length + 1;
        int total = (unpadded + 63) / 64 * 64;
        var header = dict + new string(' ', total - unpadded) + "\n";
        var bytes = data.dtype == ScalarType.Float32
            ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.data<float>().ToArray().AsSpan()).ToArray()
            : System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.data<double>().ToArray().AsSpan()).ToArray();
        AtomicFile.Write(path, stream =>
        {
            stream.Write(Magic);
            stream.Write([1, 0]);
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
            stream.Write(length);
            stream.Write(Encoding.ASCII.GetBytes(header));
            stream.Write(bytes);
        });
    }

    /// <summary>The largest header accepted. NumPy itself refuses headers over 10,000 bytes unless told otherwise.</summary>
    internal const int MaxHeaderLength = 1 << 20;

    /// <summary>Reads a little-endian float32 or float64 C-order <c>.npy</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>A CPU tensor of the file's shape and dtype; the caller owns it.</returns>
    /// <exception cref="NpyFormatException">The file is not such an array (wrong magic, dtype, order, shape or length).</exception>
    /// <remarks>
    /// The header is read and checked first, and the file's length is compared with what the header claims before any
    /// data is read, so a lying header never costs more memory than the file really holds.
    /// </remarks>
    public static Tensor Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        TorchRuntime.EnsureLoaded();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        long fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[12];
        int prefixRead = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (prefixRead < 10 || !prefix[..6].SequenceEqual(Magic))
            throw new NpyFormatException($"{path} is not a .npy file (the magic string \\x93NUMPY is missing).");
        int major = prefix[6];
        long headerLength;
        int offset;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..10]);
                offset = 10;
                break;
            case 2 or 3 when prefixRead >= 12:
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..12]);
                offset = 12;
                break;
            default:
                throw new NpyFormatException($"{path} has .npy format version {major}; versions 1 to 3 are supported.");
        }

        if (offset + headerLength > fileLength) throw new NpyFormatException($"{path} is truncated inside its header.");
        if (headerLength > MaxHeaderLength)
            throw new NpyFormatException($"{path} claims a header of {headerLength:N0} bytes; at most {MaxHeaderLength:N0} are accepted.");
        var headerBytes = new byte[headerLength];
        stream.Position = offset;
        ReadExactly(stream, headerBytes, path);
        var header = Encoding.UTF8.GetString(headerBytes);
        var descr = DescrPattern().Match(header);
        var order = OrderPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success) throw new NpyFormatException($"{path} has an unreadable header: {Shorten(header)}");
        if (order.Groups[1].Value != "False") throw new NpyFormatException($"{path} is in Fortran order; only C order is supported.");
        var shape = ParseShape(shapeMatch.Groups[1].Value, path);
        if (!TensorShapes.TryCountElements(shape, out long count, out var problem))
            throw new NpyFormatException($"{path} has shape ({string.Join(", ", shape)}): {problem}.");
        var (type, size) = descr.Groups[1].Value switch
        {
            "<f4" => (ScalarType.Float32, 4),
            "<f8" => (ScalarType.Float64, 8),
            var other => throw new NpyFormatException($"{path} holds dtype '{Shorten(other)}'; only little-endian float32 ('<f4') and float64 ('<f8') are supported."),
        };
        long dataStart = offset + headerLength;
        long dataBytes = count * size; // count ≤ Array.MaxLength, so this cannot overflow
        if (fileLength - dataStart != dataBytes)
            throw new NpyFormatException($"{path} should hold {dataBytes:N0} data bytes for shape ({string.Join(", ", shape)}) but holds {fileLength - dataStart:N0}.");

        if (type == ScalarType.Float32)
        {
            var values = new float[count];
            ReadExactly(stream, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()), path);
            return tensor(values, shape);
        }
        else
        {
            var values = new double[count];
            ReadExactly(stream, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()), path);
            return tensor(values, shape);
        }
    }

    /// <summary>Parses a Python shape tuple's entries: plain non-negative decimal integers only (no "3L", signs or spaces inside).</summary>
    private static long[] ParseShape(string tuple, string path)
    {
        var entries = tuple.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new long[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            if (!long.TryParse(entries[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new NpyFormatException($"{path} has an unreadable shape entry '{Shorten(entries[i])}' in ({Shorten(tuple)}); expected non-negative integers.");
        }

        return shape;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path)
    {
        // The length was checked against the file's, but the file can shrink while it is read.
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) != buffer.Length)
            throw new NpyFormatException($"{path} ended before the length its header claims (was it changed while being read?).");
    }

    private static string Shorten(string text)
    {
        text = text.Trim();
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    [GeneratedRegex(@"'descr':\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order':\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
