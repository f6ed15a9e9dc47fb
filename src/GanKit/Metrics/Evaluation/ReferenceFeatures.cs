using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// One feature space's running statistics of a sample set, plus its first feature vectors (for KID and precision/recall) and,
/// when asked, every vector (to save them for cross-checking).
/// </summary>
internal sealed class ReferenceFeatures(int dimension, int keep, bool keepAll = false) : IDisposable
{
    private readonly List<Tensor> _kept = [];
    private readonly List<Tensor> _rest = [];
    private long _keptRows;

    public FeatureStatistics Statistics { get; } = new(dimension);

    /// <summary>Adds a batch of features (and takes ownership of it).</summary>
    public void Add(Tensor features)
    {
        Statistics.Add(features);
        long room = keep - _keptRows;
        long used = 0;
        if (room > 0)
        {
            var part = features.shape[0] <= room ? features : features.narrow(0, 0, room);
            _kept.Add(part.clone().DetachFromDisposeScope());
            _keptRows += part.shape[0];
            used = part.shape[0];
        }

        if (keepAll && used < features.shape[0])
            _rest.Add(features.narrow(0, used, features.shape[0] - used).clone().DetachFromDisposeScope());
    }

    /// <summary>The kept vectors as one matrix (owned by the current dispose scope).</summary>
    public Tensor Kept() => cat(_kept, 0);

    /// <summary>Every vector added, in order (only when created with keepAll; owned by the current dispose scope).</summary>
    public Tensor All() => keepAll ? cat([.. _kept, .. _rest], 0) : throw new InvalidOperationException("Only the first vectors were kept.");

    public void Dispose()
    {
        Statistics.Dispose();
        foreach (var t in _kept) t.Dispose();
        foreach (var t in _rest) t.Dispose();
        _kept.Clear();
        _rest.Clear();
    }
}
