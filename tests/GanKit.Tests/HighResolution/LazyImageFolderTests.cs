using GanKit.Data;
using GanKit.Imaging;
using GanKit.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.Tests.HighResolution;

public sealed class LazyImageFolderTests : IDisposable
{
    private const int Images = 300;
    private readonly TempDirectory _dir = new();

    public LazyImageFolderTests()
    {
        // 300 PNGs in two classes, landscape and portrait, larger than the samples: every file is resized and cropped.
        manual_seed(21);
        using var scope = NewDisposeScope();
        for (int i = 0; i < Images; i++)
        {
            string folder = Path.Combine(_dir.Path, i % 3 == 0 ? "squares" : "noise");
            Directory.CreateDirectory(folder);
            var image = i % 2 == 0 ? rand(3, 40, 56) : rand(3, 56, 40);
            if (i % 3 == 0) image[.., 10..30, 10..30] = tensor(1f);
            ImageWriter.SavePng(image, Path.Combine(folder, $"img{i:D4}.png"));
        }
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Batches_match_the_in_memory_folder_and_are_decoded_on_demand()
    {
        var pipeline = new ImagePipeline(32, 32);
        var lazy = LazyImageFolderDataset.Open(_dir.Path, pipeline);
        lazy.Count.Should().Be(Images);
        lazy.SampleShape.Should().Equal(3, 32, 32);
        lazy.ClassNames.Should().Equal("noise", "squares");
        lazy.ClassCount.Should().Be(2);
        lazy.Decoded.Should().Be(0, "opening lists the files without decoding them");

        var (eager, classes) = ImageFolders.Load(_dir.Path, 32, 32);
        using var _ = eager;
        classes.Should().Equal(lazy.ClassNames);
        long[] indices = [0, 7, 299, 150, 3];
        using var a = lazy.GetBatch(indices);
        using var b = eager.GetBatch(indices);
        a.Samples.shape.Should().Equal(5, 3, 32, 32);
        a.Samples.eq(b.Samples).all().item<bool>().Should().BeTrue("the same pipeline fits the files the same way");
        a.Labels!.data<long>().ToArray().Should().Equal(b.Labels!.data<long>().ToArray());
        lazy.Decoded.Should().Be(5);
        lazy.CachedBytes.Should().Be(0, "no cache was asked for");
    }

    [Fact]
    public void The_cache_stays_within_its_budget_and_serves_repeated_indices()
    {
        var pipeline = new ImagePipeline(16, 16, ImageColorMode.Grayscale);
        long budget = 40 * pipeline.SampleBytes;
        var lazy = LazyImageFolderDataset.Open(_dir.Path, pipeline, cacheBytes: budget);
        var all = Enumerable.Range(0, Images).Select(i => (long)i).ToArray();
        for (int start = 0; start < Images; start += 50)
        {
            using var batch = lazy.GetBatch(all.AsSpan(start, 50));
            batch.Samples.shape.Should().Equal(50, 1, 16, 16);
            lazy.CachedBytes.Should().BeLessThanOrEqualTo(budget);
        }

        lazy.Decoded.Should().Be(Images);
        lazy.CachedBytes.Should().Be(budget);
        using var first = lazy.GetBatch([299, 260]);
        lazy.Decoded.Should().Be(Images, "the most recent files are still cached");
        using var again = lazy.GetBatch([0]);
        lazy.Decoded.Should().Be(Images + 1, "the oldest were evicted");
        using var reference = LazyImageFolderDataset.Open(_dir.Path, pipeline).GetBatch([299, 260]);
        first.Samples.eq(reference.Samples).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Unreadable_files_fail_their_batch_or_are_skipped_when_asked()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "noise", "broken.png"), "not a png");
        var pipeline = new ImagePipeline(16, 16);
        var lazy = LazyImageFolderDataset.Open(_dir.Path, pipeline);
        lazy.Count.Should().Be(Images + 1);
        int broken = lazy.Files.ToList().FindIndex(f => f.EndsWith("broken.png", StringComparison.Ordinal));
        FluentActions.Invoking(() => lazy.GetBatch([broken])).Should().Throw<InvalidImageException>();
        LazyImageFolderDataset.Open(_dir.Path, pipeline, skipUnreadable: true).Count.Should().Be(Images);
    }
}
