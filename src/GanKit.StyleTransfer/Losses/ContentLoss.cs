using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Losses;

/// <summary>
/// Content loss: the mean squared error between the features of an image and those of a content target, summed over
/// taps with per-tap weights. It keeps the arrangement of objects while the style loss changes their texture.
/// The loss keeps its own detached copies of the targets; dispose it to free them.
/// </summary>
public sealed class ContentLoss : IDisposable
{
    private readonly Dictionary<string, Tensor> _targets = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, double> _weights;

    /// <summary>Creates the loss from the content image's features.</summary>
    /// <param name="targetFeatures">The content image's features <c>[1,C,H,W]</c> (or <c>[N,C,H,W]</c>), keyed by tap.</param>
    /// <param name="tapWeights">A weight per tap; every tap weighs 1 when null.</param>
    public ContentLoss(IReadOnlyDictionary<string, Tensor> targetFeatures, IReadOnlyDictionary<string, double>? tapWeights = null)
    {
        ArgumentNullException.ThrowIfNull(targetFeatures);
        if (targetFeatures.Count == 0) throw new ArgumentException("A content loss needs at least one tap.", nameof(targetFeatures));
        _weights = TapWeights.Resolve(targetFeatures.Keys, tapWeights, nameof(tapWeights));
        foreach (var (tap, features) in targetFeatures)
            _targets[tap] = features.detach().clone().DetachFromDisposeScope();
        Taps = _targets.Keys.ToArray();
    }

    /// <summary>The taps this loss reads.</summary>
    public IReadOnlyList<string> Taps { get; }

    /// <summary>The weight of each tap.</summary>
    public IReadOnlyDictionary<string, double> Weights => _weights;

    /// <summary>The mean squared error between two tensors of the same shape: <c>mean((a − b)²)</c>.</summary>
    /// <param name="features">The features of the image being optimized.</param>
    /// <param name="target">The target features.</param>
    /// <returns>A scalar.</returns>
    public static Tensor Mse(Tensor features, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(target);
        // A target for one image serves a whole batch: only a leading dimension of 1 may differ.
        bool sameShape = features.shape.SequenceEqual(target.shape);
        bool broadcastsOverBatch = features.dim() == target.dim() && features.dim() > 0 && target.shape[0] == 1
                                   && features.shape.Skip(1).SequenceEqual(target.shape.Skip(1));
        if (!sameShape && !broadcastsOverBatch)
            throw new ArgumentException($"Features [{string.Join(",", features.shape)}] and target [{string.Join(",", target.shape)}] differ in shape.", nameof(target));
        return nn.functional.mse_loss(features, target.expand_as(features));
    }

    /// <summary><c>Σ_t w_t · mean((F_t − T_t)²)</c> over this loss's taps.</summary>
    /// <param name="features">Features of the image being optimized; must hold every tap in <see cref="Taps"/>.</param>
    /// <returns>A scalar, differentiable with respect to the features.</returns>
    public Tensor Compute(IReadOnlyDictionary<string, Tensor> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        return TapWeights.WeightedSum(ComputeEach(features), _weights).MoveToOuterDisposeScope();
    }

    /// <summary>The unweighted error of each tap, <c>mean((F_t − T_t)²)</c>.</summary>
    /// <param name="features">Features of the image being optimized.</param>
    /// <returns>One scalar per tap.</returns>
    public IReadOnlyDictionary<string, Tensor> ComputeEach(IReadOnlyDictionary<string, Tensor> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (tap, target) in _targets)
        {
            if (!features.TryGetValue(tap, out var f))
                throw new ArgumentException($"The features lack tap '{tap}'.", nameof(features));
            result[tap] = Mse(f, target);
        }

        return result;
    }

    private bool _disposed;

    /// <summary>Frees the target tensors.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var t in _targets.Values) t.Dispose();
    }
}
