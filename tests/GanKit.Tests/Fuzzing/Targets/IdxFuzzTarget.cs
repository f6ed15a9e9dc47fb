using System.Buffers.Binary;
using System.IO.Compression;
using CsCheck;
using GanKit.Data;

namespace GanKit.Fuzzing;

/// <summary>
/// <see cref="IdxFiles.Load"/> (and so <see cref="IdxFile.Read"/>) on image files (<c>[N,H,W]</c>, <c>[N,C,H,W]</c>) and label
/// files (<c>[N]</c>, loaded beside a valid image file). The gzip variant mutates either the IDX inside (recompressed, so the
/// damage reaches the IDX parser), the compressed bytes, or the ISIZE trailer (the uncompressed size the reader uses as a hint).
/// Contract: only <see cref="InvalidDatasetException"/>; managed allocation within four times the real (decompressed) data plus 1 MB.
/// </summary>
public sealed class IdxFuzzTarget : FuzzTarget
{
    private readonly bool _gzip;
    private string _imagesFor6 = "";

    public IdxFuzzTarget(bool gzip)
    {
        _gzip = gzip;
        var rng = new PCG(7, 1);
        byte[] Random(int n) { var b = new byte[n]; for (int i = 0; i < n; i++) b[i] = (byte)rng.Next(256); return b; }
        var labels = new byte[6];
        for (int i = 0; i < 6; i++) labels[i] = (byte)(i % 4);
        var ext = gzip ? ".idx.gz" : ".idx";
        Seeds =
        [
            new("images-3d", Encode(Idx([6, 5, 4], Random(120))), ext),
            new("images-4d", Encode(Idx([3, 2, 3, 3], Random(54))), ext),
            new("labels", Encode(Idx([6], labels)), ext),
        ];
    }

    public override string Name => _gzip ? "idx-gz" : "idx";

    public override IReadOnlyList<Type> DocumentedExceptions { get; } = [typeof(InvalidDatasetException)];

    public override IReadOnlyList<FuzzSeed> Seeds { get; }

    public override void Initialize(string workDirectory)
    {
        _imagesFor6 = Path.Combine(workDirectory, "images-for-labels.idx");
        File.WriteAllBytes(_imagesFor6, Idx([6, 2, 2], new byte[24]));
    }

    public override byte[] Mutate(FuzzSeed seed, PCG rng, List<string> log)
    {
        if (!_gzip) return Mutator.Mutate(seed.Bytes, rng, log);
        var inner = Decompress(seed.Bytes);
        switch (rng.Next(4))
        {
            case 0:
                log.Add("compressed bytes:");
                return Mutator.Mutate(seed.Bytes, rng, log);
            case 1:
            {
                log.Add("IDX inside, then a lying ISIZE trailer:");
                var gz = Encode(Mutator.Mutate(inner, rng, log));
                if (gz.Length < 18) return gz; // GZipStream writes nothing at all for empty content
                var isize = (uint)Mutator.InterestingIntegers[rng.Next((uint)Mutator.InterestingIntegers.Length)];
                BinaryPrimitives.WriteUInt32LittleEndian(gz.AsSpan(gz.Length - 4), isize);
                log.Add($"ISIZE = {isize}");
                return gz;
            }
            default:
                log.Add("IDX inside (recompressed):");
                return Encode(Mutator.Mutate(inner, rng, log));
        }
    }

    public override void Run(string path, byte[] bytes, FuzzSeed seed)
    {
        using var dataset = seed.Name == "labels" ? IdxFiles.Load(_imagesFor6, path) : IdxFiles.Load(path);
    }

    public override long AllocationBound(byte[] bytes, FuzzSeed seed)
    {
        long data = _gzip ? DecompressedLength(bytes) : bytes.Length;
        return 4 * data + (1 << 20);
    }

    internal static byte[] Idx(int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private byte[] Encode(byte[] idx) => _gzip ? Gzip(idx) : idx;

    internal static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(bytes);
        return output.ToArray();
    }

    private static byte[] Decompress(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>How many bytes the damaged gzip really inflates to (up to the first error).</summary>
    private static long DecompressedLength(byte[] gz)
    {
        long total = 0;
        try
        {
            using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
            var buffer = new byte[81920];
            int n;
            while ((n = input.Read(buffer)) > 0 && total < int.MaxValue) total += n;
        }
        catch (InvalidDataException)
        {
        }

        return Math.Max(total, gz.Length);
    }
}
