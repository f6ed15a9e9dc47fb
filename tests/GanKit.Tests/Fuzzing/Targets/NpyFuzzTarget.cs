using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using CsCheck;
using GanKit.IO;

namespace GanKit.Fuzzing;

/// <summary>
/// <see cref="NpyFile.Read"/> on float32 and float64 arrays (1-D, 2-D, a scalar, an empty array; format versions 1 and 2).
/// Half the cases rewrite the header's shape tuple (interesting integers, negatives, "3L", junk) and keep or drop the data,
/// the rest get the generic mutations. Contract: only <see cref="NpyFormatException"/>; managed allocation within
/// twice the file plus 1 MB (the reader reads only what the header claims, after checking it against the file's length).
/// </summary>
public sealed class NpyFuzzTarget : FuzzTarget
{
    private static readonly string[] ShapeTexts =
        ["3L", "junk", "-1", "-0", "+3", " 3", "3 4", "0x10", "1e3", "99999999999999999999", "9223372036854775807", "", "3.0"];

    public NpyFuzzTarget()
    {
        Seeds =
        [
            new("f4-2d", Build("<f4", "(3, 4)", 1, Floats(12, 4)), ".npy"),
            new("f8-1d", Build("<f8", "(5,)", 1, Floats(5, 8)), ".npy"),
            new("f4-scalar-v2", Build("<f4", "()", 2, Floats(1, 4)), ".npy"),
            new("f8-empty", Build("<f8", "(0, 3)", 1, []), ".npy"),
        ];
    }

    public override string Name => "npy";

    public override IReadOnlyList<Type> DocumentedExceptions { get; } = [typeof(NpyFormatException)];

    public override IReadOnlyList<FuzzSeed> Seeds { get; }

    public override byte[] Mutate(FuzzSeed seed, PCG rng, List<string> log)
    {
        if (rng.Next(2) == 0) return Mutator.Mutate(seed.Bytes, rng, log);
        var dims = new string[1 + rng.Next(3)];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = rng.Next(3) switch
            {
                0 => Mutator.InterestingIntegers[rng.Next((uint)Mutator.InterestingIntegers.Length)].ToString(CultureInfo.InvariantCulture),
                1 => ShapeTexts[rng.Next((uint)ShapeTexts.Length)],
                _ => (1 + rng.Next(4)).ToString(CultureInfo.InvariantCulture),
            };
        }

        var shape = "(" + string.Join(", ", dims) + (dims.Length == 1 ? ",)" : ")");
        bool f8 = seed.Name.StartsWith("f8", StringComparison.Ordinal);
        int version = rng.Next(3) == 0 ? 2 : 1;
        int values = rng.Next(2) == 0 ? 0 : 1 + (int)rng.Next(16);
        log.Add($"shape {shape}, version {version}, {values} value(s)");
        var bytes = Build(f8 ? "<f8" : "<f4", shape, version, Floats(values, f8 ? 8 : 4));
        return rng.Next(2) == 0 ? bytes : Mutator.Mutate(bytes, rng, log);
    }

    public override void Run(string path, byte[] bytes, FuzzSeed seed)
    {
        using var array = NpyFile.Read(path);
    }

    public override long AllocationBound(byte[] bytes, FuzzSeed seed) => 2L * bytes.Length + (1 << 20);

    /// <summary>A <c>.npy</c> file with the given dtype, shape tuple text, format version (1 or 2, 3) and raw data bytes.</summary>
    public static byte[] Build(string descr, string shape, int version, byte[] data)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int prefix = version == 1 ? 10 : 12;
        int unpadded = prefix + dict.Length + 1;
        int total = (unpadded + 63) / 64 * 64;
        var header = Encoding.ASCII.GetBytes(dict + new string(' ', total - unpadded) + "\n");
        var bytes = new byte[prefix + header.Length + data.Length];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = (byte)version;
        if (version == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)header.Length);
        header.CopyTo(bytes, prefix);
        data.CopyTo(bytes, prefix + header.Length);
        return bytes;
    }

    /// <summary><paramref name="count"/> distinct float32 (size 4) or float64 (size 8) values as little-endian bytes.</summary>
    public static byte[] Floats(int count, int size)
    {
        var bytes = new byte[count * size];
        for (int i = 0; i < count; i++)
        {
            if (size == 4) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), i * 0.5f - 1f);
            else BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), i * 0.25 - 1);
        }

        return bytes;
    }
}
