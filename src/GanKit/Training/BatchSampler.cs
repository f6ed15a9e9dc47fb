using GanKit.Runtime;

namespace GanKit.Training;

/// <summary>
/// Draws shuffled batches of indices, epoch after epoch, dropping each epoch's incomplete last batch. The order of
/// epoch e depends only on the seed and e, so the sampler's whole state is (epoch, position) — saved in checkpoints
/// for an exact resume. With data parallelism every rank walks the same global order in batches of
/// ranks × per-rank size and keeps its own contiguous slice, so N ranks see exactly the batches one process with an
/// N times larger batch would.
/// </summary>
internal sealed class BatchSampler
{
    private readonly long _count;
    private readonly int _batchSize;
    private readonly long _seed;
    private readonly int _shard;
    private readonly int _shardSize;
    private long[] _order = [];

    public BatchSampler(long count, int batchSize, long seed, long epoch = 0, long position = 0, int shard = 0, int shards = 1)
    {
        _count = count;
        _batchSize = batchSize * shards;
        _shardSize = batchSize;
        _shard = shard;
        _seed = seed;
        Epoch = epoch;
        Position = position;
        Shuffle();
    }

    public long Count => _count;

    public long Epoch { get; private set; }

    public long Position { get; private set; }

    public long[] Next()
    {
        if (Position + _batchSize > _count)
        {
            Epoch++;
            Position = 0;
            Shuffle();
        }

        var batch = _order.AsSpan((int)Position + _shard * _shardSize, _shardSize).ToArray();
        Position += _batchSize;
        return batch;
    }

    private void Shuffle()
    {
        _order = new long[_count];
        for (long i = 0; i < _count; i++) _order[i] = i;
        Seeding.CreateRandom(_seed, "shuffle:" + Epoch).Shuffle(_order);
    }
}
