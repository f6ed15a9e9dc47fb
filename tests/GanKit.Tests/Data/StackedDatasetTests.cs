using GanKit.Data;
using static TorchSharp.torch;

namespace GanKit.Tests.Data;

public sealed class StackedDatasetTests
{
    /// <summary>Image i is the constant i/100 and has label i % 10: a channel's value names the source image it came from.</summary>
    private static InMemoryDataset Numbered(int count = 50)
    {
        var values = arange(count, ScalarType.Float32).div(100f).reshape(count, 1, 1, 1).expand(count, 1, 4, 4).contiguous();
        return new InMemoryDataset(values, arange(count, ScalarType.Int64) % 10, 10);
    }

    [Fact]
    public void Each_sample_stacks_its_source_images_as_channels_and_reads_their_labels_as_base_K_digits()
    {
        using var source = Numbered();
        var stacked = new StackedDataset(source, count: 20, seed: 5);
        stacked.Count.Should().Be(20);
        stacked.ClassCount.Should().Be(1000);
        stacked.SampleShape.Should().Equal(3, 4, 4);

        using var batch = stacked.GetBatch([0, 7, 19]);
        batch.Samples.shape.Should().Equal(3, 3, 4, 4);
        var labels = batch.Labels!.data<long>().ToArray();
        long[] rows = [0, 7, 19];
        for (int i = 0; i < 3; i++)
        {
            var sources = stacked.SourceIndices(rows[i]).ToArray();
            for (int c = 0; c < 3; c++)
                batch.Samples[i, c].max().item<float>().Should().BeApproximately(sources[c] / 100f, 1e-6f, "channel c is source image {0}", sources[c]);
            labels[i].Should().Be(100 * (sources[0] % 10) + 10 * (sources[1] % 10) + sources[2] % 10);
        }
    }

    [Fact]
    public void The_draw_is_fixed_by_the_seed_and_covers_the_source()
    {
        using var source = Numbered();
        var a = new StackedDataset(source, 500, seed: 5);
        var b = new StackedDataset(source, 500, seed: 5);
        var c = new StackedDataset(source, 500, seed: 6);
        var first = Enumerable.Range(0, 500).SelectMany(i => a.SourceIndices(i).ToArray()).ToArray();
        Enumerable.Range(0, 500).SelectMany(i => b.SourceIndices(i).ToArray()).Should().Equal(first);
        Enumerable.Range(0, 500).SelectMany(i => c.SourceIndices(i).ToArray()).Should().NotEqual(first);
        // 1,500 uniform draws from 50 images: every image appears (P(one missing) ≈ 50·e^-30).
        first.Distinct().Should().HaveCount(50);
        first.Should().OnlyContain(i => i >= 0 && i < 50);
    }

    [Fact]
    public void Unlabelled_or_multi_channel_sources_and_bad_counts_are_rejected()
    {
        using var unlabelled = new InMemoryDataset(zeros(4, 1, 4, 4));
        using var colour = new InMemoryDataset(zeros(4, 3, 4, 4), arange(4) % 2, 2);
        using var source = Numbered();
        FluentActions.Invoking(() => new StackedDataset(unlabelled, 10, 1)).Should().Throw<ArgumentException>().WithMessage("*labelled*");
        FluentActions.Invoking(() => new StackedDataset(colour, 10, 1)).Should().Throw<ArgumentException>().WithMessage("*single-channel*");
        FluentActions.Invoking(() => new StackedDataset(source, 0, 1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new StackedDataset(source, 10, 1, channels: 1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new StackedDataset(source, 10, 1, channels: 10)).Should().Throw<ArgumentOutOfRangeException>("10^10 modes overflow an int");
    }
}
