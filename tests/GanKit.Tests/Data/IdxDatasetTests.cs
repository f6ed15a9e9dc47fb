using System.IO.Compression;
using GanKit.Data;
using GanKit.Tests.TestSupport;

namespace GanKit.Tests.Data;

public sealed class IdxDatasetTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Idx(byte type, int[] dims, int dataBytes)
    {
        var header = new List<byte> { 0, 0, type, (byte)dims.Length };
        foreach (var d in dims) header.AddRange(BitConverter.GetBytes(d).Reverse());
        return [.. header, .. Enumerable.Range(0, dataBytes).Select(i => (byte)i)];
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest)) gz.Write(data);
        return ms.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [SkippableFact]
    public void Reads_the_real_fashion_mnist_test_split()
    {
        Prerequisites.RequireFashionMnist();
        using var test = IdxFiles.LoadFashionMnist(train: false);
        test.Count.Should().Be(10_000);
        test.SampleShape.Should().Equal(1, 28, 28);
        test.ClassCount.Should().Be(10);
        using var batch = test.GetBatch([0, 1, 9999]);
        batch.Samples.shape.Should().Equal(3, 1, 28, 28);
        batch.Samples.min().item<float>().Should().Be(-1f);
        batch.Samples.max().item<float>().Should().BeLessThanOrEqualTo(1f);
        // The first test image of Fashion-MNIST is an ankle boot (9), the second a pullover (2).
        batch.Labels!.data<long>().ToArray().Take(2).Should().Equal(9, 2);
    }

    [Fact]
    public void Reads_a_multi_member_gzip_file_whose_size_trailer_describes_only_its_last_member()
    {
        var raw = Idx(0x08, [4, 3, 3], 36);
        // `cat a.gz b.gz` is a valid gzip file (RFC 1952); gzip's size trailer then counts only the last member's bytes.
        var path = Write("members-idx3-ubyte.gz", [.. Gzip(raw[..20]), .. Gzip(raw[20..])]);
        using var data = IdxFiles.Load(path);
        data.Count.Should().Be(4);
        using var batch = data.GetBatch([3]);
        batch.Samples[0, 0, 2, 2].item<float>().Should().BeApproximately(35 / 127.5f - 1, 1e-6f);
    }

    [Fact]
    public void Reads_plain_and_gzip_files_alike()
    {
        var raw = Idx(0x08, [2, 3, 3], 18);
        var labels = Idx(0x08, [2], 2);
        using var plain = IdxFiles.Load(Write("a-idx3-ubyte", raw), Write("a-labels", labels));
        using var gz = IdxFiles.Load(Write("a-idx3-ubyte.gz", Gzip(raw)), Write("a-labels.gz", Gzip(labels)));
        using var a = plain.GetBatch([1]);
        using var b = gz.GetBatch([1]);
        a.Samples.eq(b.Samples).all().item<bool>().Should().BeTrue();
        a.Samples[0, 0, 0, 0].item<float>().Should().BeApproximately(9 / 127.5f - 1, 1e-6f);
        plain.ClassCount.Should().Be(2);
    }

    public static TheoryData<string, Func<byte[]>, string> BadFiles() => new()
    {
        { "truncated", () => Idx(0x08, [10, 4, 4], 100), "holds only 100" },
        { "wrong-magic", () => [1, 2, 8, 3, .. Idx(0x08, [1, 1, 1], 1)[4..]], "wrong magic number" },
        { "claims-more", () => Idx(0x08, [1000000, 28, 28], 784), "holds only 784" },
        { "zero-dim", () => Idx(0x08, [0, 28, 28], 0), "must be at least 1" },
        { "float-type", () => Idx(0x0D, [1, 1, 1], 4), "not supported" },
        { "corrupt-gzip", () => { var g = Gzip(Idx(0x08, [4, 8, 8], 256)); for (int i = 12; i < g.Length - 8; i++) g[i] ^= 0x5A; return g; }, "gzip data is corrupt" },
        { "truncated-gzip", () => Gzip(Idx(0x08, [4, 8, 8], 256))[..20], "truncated" },
        { "not-gzip.gz", () => "this is not gzip, nor IDX"u8.ToArray(), "wrong magic number" },
        { "empty", () => [], "empty" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_files_give_an_exception_naming_the_file_and_the_problem(string name, Func<byte[]> bytes, string reason)
    {
        var path = Write(name, bytes());
        var ex = FluentActions.Invoking(() => IdxFiles.Load(path)).Should().Throw<InvalidDatasetException>().Which;
        ex.Path.Should().Be(path);
        ex.Message.Should().Contain(path).And.Contain(reason);
    }

    [Fact]
    public void Labels_must_match_the_image_count()
    {
        var images = Write("i", Idx(0x08, [3, 2, 2], 12));
        var labels = Write("l", Idx(0x08, [2], 2));
        FluentActions.Invoking(() => IdxFiles.Load(images, labels)).Should().Throw<InvalidDatasetException>()
            .WithMessage("*holds 2 labels but*holds 3 images*");
    }

    [Fact]
    public void Missing_fashion_mnist_says_how_to_install_it() =>
        FluentActions.Invoking(() => IdxFiles.LoadFashionMnist(_dir.Path)).Should().Throw<InvalidDatasetException>()
            .WithMessage("*apt-get install dataset-fashion-mnist*");
}
