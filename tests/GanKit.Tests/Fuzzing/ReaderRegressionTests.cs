using System.Buffers.Binary;
using GanKit.Checkpoints;
using GanKit.Data;
using GanKit.Features;
using GanKit.Onnx;
using GanKit.Tests.Features.Support;
using GanKit.Fuzzing;
using GanKit.Models;
using System.IO.Compression;
using GanKit.Tests.TestSupport;

namespace GanKit.Tests.Fuzzing;

/// <summary>The bugs the reader fuzzing found (docs/fuzzing.md), each pinned by the smallest file that showed it.</summary>
public sealed class ReaderRegressionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Theory]
    [InlineData(new[] { 1L << 32, 1L << 32, 1, 1 })]   // 2^64 values: the product wraps to 0 and matched the empty data
    [InlineData(new[] { 1L << 62, 4L, 1, 1 })]          // wraps to 0 as well
    [InlineData(new[] { 1L << 40, 1L << 40, 1L << 40, 1 })]
    public void Onnx_weight_dims_whose_product_overflows_are_refused(long[] dims)
    {
        var path = _temp.File("overflow.onnx");
        File.WriteAllBytes(path, OnnxFuzzTarget.Model(raw: false, ("w1", dims, false)));

        FluentActions.Invoking(() => PretrainedFeatureNetworks.ResNet18(path)).Should().Throw<FeatureNetworkException>()
            .WithMessage("*'w1'*");
    }

    [Fact]
    public void Onnx_weight_dims_that_are_negative_are_refused()
    {
        var path = _temp.File("negative.onnx");
        File.WriteAllBytes(path, OnnxFuzzTarget.Model(raw: true, ("w1", [-1, 3, 3, 3], false)));

        FluentActions.Invoking(() => PretrainedFeatureNetworks.ResNet18(path)).Should().Throw<FeatureNetworkException>().WithMessage("*'w1'*negative*");
    }

    [Fact]
    public void A_checkpoint_weight_rank_claiming_a_huge_shape_is_refused_before_TorchSharp_allocates_it()
    {
        // TorchSharp's Module.load allocates new long[rank] from the file: found by the 10,000-case run (1 GB from 4 bytes).
        using var target = new CheckpointFuzzTarget();
        var sections = target.SectionsOf("mlp").ToList();
        int index = sections.FindIndex(s => s.Name == "generator");
        var weights = sections[index].Data;
        // Entry count (LEB128, one byte here), the first name (7-bit length + UTF-8), its dtype (one byte), then its rank.
        int nameLength = weights[1];
        int rankAt = 1 + 1 + nameLength + 1;
        weights[rankAt].Should().BeInRange((byte)1, (byte)4, "the first entry is a weight or bias");
        byte[] hugeRank = [0x80, 0x80, 0x80, 0x80, 0x01]; // 2^28 dimensions: new long[2^28] is 2 GiB
        sections[index] = (sections[index].Name, [.. weights[..rankAt], .. hugeRank, .. weights[(rankAt + 1)..]]);
        var path = _temp.File("huge-rank" + Checkpoint.Extension);
        File.WriteAllBytes(path, CheckpointFuzzTarget.Serialize(sections));

        long before = GC.GetAllocatedBytesForCurrentThread();
        FluentActions.Invoking(() => Checkpoint.LoadGenerator(path)).Should().Throw<CheckpointCorruptedException>();
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16 << 20);
    }

    [Fact]
    public void A_gzip_idx_file_with_a_lying_size_trailer_is_refused_before_allocating_what_its_header_claims()
    {
        // The header claims 1 × 16384 × 16384 = 256 MiB of pixels, the ISIZE trailer agrees (2^31), the data is 16 bytes.
        var idx = new byte[4 + 12 + 16];
        idx[2] = 0x08;
        idx[3] = 3;
        BinaryPrimitives.WriteInt32BigEndian(idx.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32BigEndian(idx.AsSpan(8), 16384);
        BinaryPrimitives.WriteInt32BigEndian(idx.AsSpan(12), 16384);
        var gz = IdxFuzzTarget.Gzip(idx);
        BinaryPrimitives.WriteUInt32LittleEndian(gz.AsSpan(gz.Length - 4), 1u << 31);
        var path = _temp.File("lying-isize.idx.gz");
        File.WriteAllBytes(path, gz);

        long before = GC.GetAllocatedBytesForCurrentThread();
        FluentActions.Invoking(() => IdxFile.Read(path)).Should().Throw<InvalidDatasetException>();
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16 << 20);
    }

    public static TheoryData<string, GeneratorSpec> ImpossibleGeneratorSpecs => new()
    {
        { "no output shape", new GeneratorSpec(GanArchitecture.Mlp, 4, null!, null, 8, 2) },            // was a NullReferenceException
        { "zero width", new GeneratorSpec(GanArchitecture.Mlp, 4, [2], null, 0, 2) },                 // was libtorch's "from is out of bounds for float"
        { "negative latent size", new GeneratorSpec(GanArchitecture.Mlp, -1, [2], null, 8, 2) },
        { "2^30 units", new GeneratorSpec(GanArchitecture.Mlp, 4, [2], null, 1 << 30, 2) },            // a 2^60-value layer: libtorch's allocation error
        { "unsupported image size", new GeneratorSpec(GanArchitecture.Dcgan, 4, [1, 1 << 20, 1 << 20], null, 8, 0) },
        { "undefined architecture", new GeneratorSpec((GanArchitecture)77, 4, [2], null, 8, 2) },
    };

    [Theory]
    [MemberData(nameof(ImpossibleGeneratorSpecs))]
    public void A_checkpoint_whose_generator_spec_cannot_be_built_is_refused_before_building_it(string what, GeneratorSpec spec)
    {
        var path = _temp.File(what.Replace(' ', '-') + Checkpoint.Extension);
        using (var real = Generator.Create(new GeneratorSpec(GanArchitecture.Mlp, 4, [2], null, 8, 2)))
        {
            var meta = new CheckpointMetadata
            {
                Step = 1, Seed = 1, Loss = "hinge", Generator = spec,
                Discriminator = new DiscriminatorSpec(GanArchitecture.Mlp, [2], null, 8, 2, false, false, false, 1),
                SamplerEpoch = 0, SamplerPosition = 0, DiscriminatorSteps = 1, Options = System.Text.Json.JsonSerializer.SerializeToElement(""), CreatedUtc = DateTimeOffset.UnixEpoch,
            };
            CheckpointFile.Write(path, [("meta", meta.ToJson()), ("generator", Checkpoint.SaveModule(real.Module))]);
        }

        FluentActions.Invoking(() => Checkpoint.LoadGenerator(path)).Should().Throw<CheckpointCorruptedException>(what)
            .WithMessage("*generator*");
    }

    [Theory]
    [InlineData((byte)'X', 4)]   // BINUNICODE: a 2 GB string
    [InlineData((byte)'B', 4)]   // BINBYTES
    [InlineData((byte)0x8E, 8)]  // BINBYTES8: 2^62 bytes
    public void A_pytorch_file_whose_pickle_claims_a_huge_string_is_refused_before_allocating_it(byte opcode, int prefix)
    {
        // PROTO 2, then the opcode with a lying length and four bytes of payload, then STOP.
        var pickle = new List<byte> { 0x80, 2, opcode };
        pickle.AddRange(prefix == 4 ? BitConverter.GetBytes(int.MaxValue - 7) : BitConverter.GetBytes(1L << 62));
        pickle.AddRange("abcd"u8.ToArray());
        pickle.Add((byte)'.');
        var path = _temp.File("lying.pth");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var entry = zip.CreateEntry("archive/data.pkl", CompressionLevel.NoCompression).Open();
            entry.Write(pickle.ToArray());
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        FluentActions.Invoking(() => PretrainedFeatureNetworks.Vgg16(path)).Should().Throw<FeatureNetworkException>();
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(64 << 20);
    }

    [Theory]
    [InlineData("Relu", new[] { "w" })]          // its only input is a weight: was "Sequence contains no elements"
    [InlineData("Relu", new[] { "x", "x2" })]    // two computed inputs: was "Sequence contains more than one element"
    [InlineData("MaxPool", new[] { "w" })]
    [InlineData("BatchNormalization", new[] { "w", "w", "w", "w", "w" })]
    public void An_onnx_node_without_exactly_one_computed_input_is_refused(string op, string[] inputs)
    {
        var bytes = new OnnxModelWriter().Input("x", 1, 3, 4, 4).Output("y").Weight("w", [1], [1f])
            .Node("Relu", "first", ["x"], "x2")
            .Node(op, "odd", inputs, "y", ("kernel_shape", new long[] { 1, 1 }))
            .ToBytes();

        FluentActions.Invoking(() => OnnxGraphConverter.Convert(OnnxReader.Parse(bytes).Graph, "m")).Should().Throw<FeatureNetworkException>()
            .WithMessage("*'odd'*");
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })] // a 7-bit length that never ends: was FormatException
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x41, 0x41, 0x41 })] // a length of -1: was IOException
    public void A_checkpoint_whose_section_name_length_is_malformed_is_refused(byte[] nameLength)
    {
        // A correct header and checksum around a section table whose first name has a broken 7-bit length prefix.
        var body = new List<byte>("GANKITCK"u8.ToArray());
        body.AddRange(BitConverter.GetBytes(CheckpointFile.FormatVersion));
        body.AddRange(BitConverter.GetBytes(1));
        body.AddRange(nameLength);
        var path = _temp.File("malformed" + Checkpoint.Extension);
        File.WriteAllBytes(path, [.. body, .. System.Security.Cryptography.SHA256.HashData(body.ToArray())]);

        FluentActions.Invoking(() => Checkpoint.ReadInfo(path)).Should().Throw<CheckpointCorruptedException>().WithMessage("*section table*");
    }

    public void Dispose() => _temp.Dispose();
}
