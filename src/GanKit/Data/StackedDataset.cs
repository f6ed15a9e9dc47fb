using GanKit.Runtime;
using GanKit.Metrics;
using static TorchSharp.torch;

namespace GanKit.Data;

/// <summary>
/// The Stacked-MNIST construction (Metz et al. 2017; PacGAN, Table 2) over any labelled single-channel image set: sample i
/// stacks <see cref="Channels"/> images drawn independently and uniformly (with replacement) from the source as its channels
/// (R, G, B for 3). Its label is the tuple of the source labels read as a number in base K, the first channel the most
/// significant digit: with Fashion-MNIST's 10 classes, 1,000 modes, and label 100·r + 10·g + b. The draw is fixed by the seed,
/// so a sample index always means the same stack.
/// </summary>
public sealed class StackedDataset : IGanDataset
{
    private readonly IGanDataset _source;
    private readonly long[] _sourceIndices;
    private readonly int _sourceClasses;

    /// <summary>Draws <paramref name="count"/> stacks from <paramref name="source"/>.</summary>
    /// <param name="source">Labelled images <c>[1,H,W]</c> (not owned: keep it alive and dispose it yourself).</param>
    /// <param name="count">The number of stacked samples, at least 1.</param>
    /// <param name="seed">Fixes which source images each stack holds.</param>
    /// <param name="channels">Images per stack, at least 2; K^channels must fit in an <see cref="int"/>.</param>
    /// <exception cref="ArgumentException">The source is unlabelled, not single-channel images, or the counts are out of range.</exception>
    public StackedDataset(IGanDataset source, long count, long seed, int channels = 3)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.ClassCount is not { } classes || classes < 2)
            throw new ArgumentException("Stacking needs a labelled source with at least 2 classes.", nameof(source));
        if (source.SampleShape.Count != 3 || source.SampleShape[0] != 1)
            throw new ArgumentException($"Stacking needs single-channel images [1,H,W]; the source's samples are [{string.Join(",", source.SampleShape)}].", nameof(source));
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 2);
        double modes = Math.Pow(classes, channels);
        if (modes > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(channels), channels, $"{classes}^{channels} modes do not fit in an int.");
        TorchRuntime.EnsureLoaded();

        _source = source;
        _sourceClasses = classes;
        Channels = channels;
        ClassCount = (int)modes;
        SampleShape = [channels, source.SampleShape[1], source.SampleShape[2]];
        var random = Seeding.CreateRandom(seed, "stacked-dataset");
        _sourceIndices = new long[checked(count * channels)];
        for (long i = 0; i < _sourceIndices.LongLength; i++) _sourceIndices[i] = random.NextInt64(source.Count);
    }

    /// <summary>Source images per stacked sample.</summary>
    public int Channels { get; }

    /// <inheritdoc />
    public long Count => _sourceIndices.LongLength / Channels;

    /// <inheritdoc />
    public IReadOnlyList<long> SampleShape { get; }

    /// <summary>K^<see cref="Channels"/>: the number of modes.</summary>
    public int? ClassCount { get; }

    /// <summary>The source indices that sample <paramref name="index"/> stacks, first channel first.</summary>
    /// <param name="index">A sample index.</param>
    /// <returns>The <see cref="Channels"/> source indices.</returns>
    public ReadOnlySpan<long> SourceIndices(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _sourceIndices.AsSpan((int)(index * Channels), Channels);
    }

    /// <inheritdoc />
    public DataBatch GetBatch(ReadOnlySpan<long> indices)
    {
        var flat = new long[indices.Length * Channels];
        for (int i = 0; i < indices.Length; i++) SourceIndices(indices[i]).CopyTo(flat.AsSpan(i * Channels, Channels));
        using var scope = NewDisposeScope();
        using var source = _source.GetBatch(flat);
        var samples = source.Samples.reshape(indices.Length, Channels, SampleShape[1], SampleShape[2]);
        var labels = StackedModes.Combine(source.Labels!.reshape(indices.Length, Channels), _sourceClasses);
        return new DataBatch(samples.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }
}
