using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Data;

/// <summary>
/// A data set held in memory as tensors. Samples are stored as given (float, already in the range the GAN should
/// learn) or as bytes 0–255, which are scaled to [-1, 1] batch by batch to keep memory four times smaller.
/// </summary>
public sealed class InMemoryDataset : IGanDataset, IDisposable
{
    private readonly Tensor _samples;
    private readonly Tensor? _labels;
    private readonly bool _ownsSamples;
    private readonly bool _ownsLabels;

    /// <summary>
    /// Creates a data set from tensors. They stay yours to dispose (keep them alive while the data set is used) unless
    /// <paramref name="ownsTensors"/> is true, as everywhere in GanKit.
    /// </summary>
    /// <param name="samples"><c>[N, ...]</c>: float32 values as they are, or uint8 pixels 0–255 (scaled to [-1, 1]).</param>
    /// <param name="labels">Optional <c>[N]</c> integer class labels in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes; required with labels, inferred as max+1 when null.</param>
    /// <param name="ownsTensors">Whether disposing the data set disposes <paramref name="samples"/> and <paramref name="labels"/>.</param>
    /// <exception cref="ArgumentException">Shapes, types or labels are inconsistent.</exception>
    public InMemoryDataset(Tensor samples, Tensor? labels = null, int? classCount = null, bool ownsTensors = false)
    {
        ArgumentNullException.ThrowIfNull(samples);
        TorchRuntime.EnsureLoaded();
        if (samples.dim() < 2 || samples.shape[0] < 1)
            throw new ArgumentException($"Samples must be [N, ...] with N ≥ 1; got [{string.Join(",", samples.shape)}].", nameof(samples));
        if (samples.dtype is not (ScalarType.Float32 or ScalarType.Byte))
            throw new ArgumentException($"Samples must be float32 or uint8; got {samples.dtype}.", nameof(samples));
        bool convertedLabels = false;
        using var scope = NewDisposeScope();
        if (samples.dtype == ScalarType.Float32 && !isfinite(samples).all().item<bool>())
            throw new ArgumentException("Samples hold NaN or infinite values.", nameof(samples));

        if (labels is not null)
        {
            if (labels.dim() != 1 || labels.shape[0] != samples.shape[0])
                throw new ArgumentException($"Labels must be [N] with N = {samples.shape[0]}; got [{string.Join(",", labels.shape)}].", nameof(labels));
            if (labels.dtype != ScalarType.Int64)
            {
                labels = labels.to(ScalarType.Int64);
                convertedLabels = true; // a copy made here is always the data set's own
            }
            long min = labels.min().item<long>(), max = labels.max().item<long>();
            classCount ??= (int)max + 1;
            if (min < 0 || max >= classCount)
                throw new ArgumentException($"Labels must lie in [0, {classCount}); found [{min}, {max}].", nameof(labels));
        }
        else if (classCount is not null)
        {
            throw new ArgumentException("A class count was given without labels.", nameof(classCount));
        }

        // Tensors the data set owns live as long as it does, whatever scope created them.
        _ownsSamples = ownsTensors;
        _ownsLabels = ownsTensors || convertedLabels;
        _samples = ownsTensors ? samples.DetachFromDisposeScope() : samples;
        _labels = _ownsLabels ? labels?.DetachFromDisposeScope() : labels;
        ClassCount = classCount;
        SampleShape = samples.shape.Skip(1).ToArray();
    }

    /// <inheritdoc />
    public long Count => _samples.shape[0];

    /// <inheritdoc />
    public IReadOnlyList<long> SampleShape { get; }

    /// <inheritdoc />
    public int? ClassCount { get; }

    /// <inheritdoc />
    public DataBatch GetBatch(ReadOnlySpan<long> indices)
    {
        using var scope = NewDisposeScope();
        foreach (var i in indices)
            if (i < 0 || i >= Count) throw new ArgumentOutOfRangeException(nameof(indices), i, $"Index outside [0, {Count}).");
        var index = tensor(indices.ToArray(), ScalarType.Int64);
        var samples = _samples.index_select(0, index);
        if (samples.dtype == ScalarType.Byte) samples = samples.to(ScalarType.Float32).div_(127.5f).sub_(1f);
        var labels = _labels?.index_select(0, index);
        return new DataBatch(samples.MoveToOuterDisposeScope(), labels?.MoveToOuterDisposeScope());
    }

    /// <summary>Disposes the tensors the data set owns (see the constructor's <c>ownsTensors</c>).</summary>
    public void Dispose()
    {
        if (_ownsSamples) _samples.Dispose();
        if (_ownsLabels) _labels?.Dispose();
    }
}
