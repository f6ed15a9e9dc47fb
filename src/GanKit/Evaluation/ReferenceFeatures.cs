using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>One feature space's running statistics of a sample set, plus its first feature vectors (for KID and precision/recall).</summary>
internal sealed class ReferenceFeatures(int dimension, int keep) : IDisposable
{
    private readonly List<Tensor> _kept = [];
    private long _keptRows;

    public FeatureStatistics Statistics { get; } = new(dimension);

    /// <summary>Adds a batch of features (and takes ownership of it).</summary>
    public void Add(Tensor features)
    {
        Statistics.Add(features);
        long room = keep - _keptRows;
        if (room > 0)
        {
            var part = features.shape[0] <= room ? features : features.narrow(0, 0, room);
            _kept.Add(part.clone().DetachFromDisposeScope());
            _keptRows += part.shape[0];
        }
    }

    /// <summary>The kept vectors as one matrix (owned by the current dispose scope).</summary>
    public Tensor Kept() => cat(_kept, 0);

    public void Dispose()
    {
        Statistics.Dispose();
        foreach (var t in _kept) t.Dispose();
        _kept.Clear();
    }
}
