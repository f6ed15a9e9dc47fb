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

    /// <summary>Reads a little-endian float32 or float64 C-order <c>.npy</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>A CPU tensor of the file's shape and dtype; the caller owns it.</returns>
    /// <exception cref="NpyFormatException">The file is not such an array (wrong magic, dtype, order or length).</exception>
    public static Tensor Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        TorchRuntime.EnsureLoaded();
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw new NpyFormatException($"{path} is not a .npy file (the magic string \\x93NUMPY is missing).");
        int major = bytes[6];
        int headerLength, offset;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
                offset = 10;
                break;
            case 2 or 3 when bytes.Length >= 12:
                headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8, 4)));
                offset = 12;
                break;
            default:
                throw new NpyFormatException($"{path} has .npy format version {major}; versions 1 to 3 are supported.");
        }

        if (offset + headerLength > bytes.Length) throw new NpyFormatException($"{path} is truncated inside its header.");
        var header = Encoding.UTF8.GetString(bytes, offset, headerLength);
        var descr = DescrPattern().Match(header);
        var order = OrderPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success) throw new NpyFormatException($"{path} has an unreadable header: {header.Trim()}");
        if (order.Groups[1].Value != "False") throw new NpyFormatException($"{path} is in Fortran order; only C order is supported.");
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var (type, size) = descr.Groups[1].Value switch
        {
            "<f4" => (ScalarType.Float32, 4),
            "<f8" => (ScalarType.Float64, 8),
            var other => throw new NpyFormatException($"{path} holds dtype '{other}'; only little-endian float32 ('<f4') and float64 ('<f8') are supported."),
        };
        int dataStart = offset + headerLength;
        if (bytes.Length - dataStart != count * size)
            throw new NpyFormatException($"{path} should hold {count * size} data bytes for shape ({string.Join(", ", shape)}) but holds {bytes.Length - dataStart}.");
        var span = bytes.AsSpan(dataStart);
        return type == ScalarType.Float32
            ? tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(span).ToArray(), shape)
            : tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(span).ToArray(), shape);
    }

    [GeneratedRegex(@"'descr':\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order':\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
