using GanKit.Runtime;

namespace GanKit.Training;

/// <summary>
/// Draws shuffled batches of indices, epoch after epoch, dropping each epoch's incomplete last batch. The order of
/// epoch e depends only on the seed and e, so the sampler's whole state is (epoch, position) — saved in checkpoints
/// for an exact resume.
/// </summary>
internal sealed class BatchSampler
{
    private readonly long _count;
    private readonly int _batchSize;
    private readonly long _seed;
    private long[] _order = [];

    public BatchSampler(long count, int batchSize, long seed, long epoch = 0, long position = 0)
    {
        _count = count;
        _batchSize = batchSize;
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

        var batch = _order.AsSpan((int)Position, _batchSize).ToArray();
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
