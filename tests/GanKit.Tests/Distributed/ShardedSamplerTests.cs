using GanKit.Training;

namespace GanKit.Tests.Distributed;

public sealed class ShardedSamplerTests
{
    [Fact]
    public void RankShardsConcatenateToTheBatchesOfOneProcessWithTheWholeBatch()
    {
        // 100 samples, 3 ranks × 7: each epoch has 4 global batches of 21 and drops the last 16 samples.
        var whole = new BatchSampler(100, 21, seed: 9);
        var ranks = Enumerable.Range(0, 3).Select(r => new BatchSampler(100, 7, seed: 9, shard: r, shards: 3)).ToArray();
        for (int step = 0; step < 10; step++)
        {
            var expected = whole.Next();
            ranks.SelectMany(r => r.Next()).Should().Equal(expected, $"global batch {step} (epoch {whole.Epoch})");
            ranks.Should().AllSatisfy(r => (r.Epoch, r.Position).Should().Be((whole.Epoch, whole.Position)));
        }

        whole.Epoch.Should().Be(2, "10 batches of 21 from 100 samples span epochs 0, 1 and 2");
    }
}
