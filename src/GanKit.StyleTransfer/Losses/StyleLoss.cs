using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Losses;

/// <summary>
/// Gram-matrix style loss (Gatys et al.): the mean squared difference between the <see cref="GramMatrix"/> of an
/// image's features and a target Gram, summed over taps with per-tap weights. Several style images are blended by
/// blending their target Grams with the given weights, which mixes their textures rather than averaging two results.
/// The loss keeps its own target Grams; dispose it to free them.
/// </summary>
public sealed class StyleLoss : IDisposable
{
    private readonly Dictionary<string, Tensor> _targets;
    private readonly Dictionary<string, GaussianTarget> _gaussians;
    private IReadOnlyDictionary<string, double> _weights;
    private bool _disposed;

    private StyleLoss(Dictionary<string, Tensor> targets, Dictionary<string, GaussianTarget> gaussians, IReadOnlyDictionary<string, double> weights,
        StyleStatistic statistic)
    {
        _targets = targets;
        _gaussians = gaussians;
        _weights = weights;
        Statistic = statistic;
        Taps = statistic == StyleStatistic.Gram ? targets.Keys.ToArray() : gaussians.Keys.ToArray();
    }

    /// <summary>The statistic compared: Gram matrices or mean and covariance.</summary>
    public StyleStatistic Statistic { get; }

    /// <summary>The taps this loss reads.</summary>
    public IReadOnlyList<string> Taps { get; }

    /// <summary>The weight of each tap.</summary>
    public IReadOnlyDictionary<string, double> Weights => _weights;

    /// <summary>The target Gram <c>[1,C,C]</c> of each tap for <see cref="StyleStatistic.Gram"/>, empty otherwise (owned by this loss; do not dispose).</summary>
    public IReadOnlyDictionary<string, Tensor> TargetGrams => _targets;

    /// <summary>Creates the loss from one style image's features.</summary>
    /// <param name="styleFeatures">The style image's features <c>[1,C,H,W]</c>, keyed by tap.</param>
    /// <param name="tapWeights">A weight per tap; every tap weighs 1 when null.</param>
    /// <returns>The loss.</returns>
    /// <param name="statistic">What is compared. Default <see cref="StyleStatistic.Gram"/>.</param>
    public static StyleLoss FromFeatures(IReadOnlyDictionary<string, Tensor> styleFeatures, IReadOnlyDictionary<string, double>? tapWeights = null,
        StyleStatistic statistic = StyleStatistic.Gram)
    {
        ArgumentNullException.ThrowIfNull(styleFeatures);
        return FromBlend([(styleFeatures, 1.0)], tapWeights, statistic);
    }

    /// <summary>
    /// Creates the loss from several style images: each tap's target is <c>Σ_i w_i·G_i / Σ_i w_i</c> (for
    /// <see cref="StyleStatistic.MeanCovariance"/>: the mean and covariance of the weighted mixture of the styles'
    /// features). A style with weight 0 has no effect, so weights (1, 0) give exactly the single-style loss.
    /// </summary>
    /// <param name="styles">Each style image's features (all with the same taps) and its weight (≥ 0, not all 0).</param>
    /// <param name="tapWeights">A weight per tap; every tap weighs 1 when null.</param>
    /// <param name="statistic">What is compared. Default <see cref="StyleStatistic.Gram"/>.</param>
    /// <returns>The loss.</returns>
    public static StyleLoss FromBlend(IEnumerable<(IReadOnlyDictionary<string, Tensor> Features, double Weight)> styles,
        IReadOnlyDictionary<string, double>? tapWeights = null, StyleStatistic statistic = StyleStatistic.Gram)
    {
        ArgumentNullException.ThrowIfNull(styles);
        var list = styles.ToArray();
        if (list.Length == 0) throw new ArgumentException("At least one style is needed.", nameof(styles));
        if (list.Any(s => s.Features is null)) throw new ArgumentException("A style's features are null.", nameof(styles));
        if (list.Any(s => !(s.Weight >= 0 && double.IsFinite(s.Weight))))
            throw new ArgumentException("Style weights must be zero or positive and finite.", nameof(styles));
        double sum = list.Sum(s => s.Weight);
        if (sum <= 0) throw new ArgumentException("At least one style weight must be positive.", nameof(styles));
        var taps = list[0].Features.Keys.ToArray();
        if (taps.Length == 0) throw new ArgumentException("A style loss needs at least one tap.", nameof(styles));
        if (list.Any(s => s.Features.Count != taps.Length || taps.Any(t => !s.Features.ContainsKey(t))))
            throw new ArgumentException("Every style must provide the same taps.", nameof(styles));

        var weights = TapWeights.Resolve(taps, tapWeights, nameof(tapWeights));
        if (statistic == StyleStatistic.MeanCovariance) return new StyleLoss([], GaussianTarget.Blend(list, taps, sum), weights, statistic);
        if (statistic != StyleStatistic.Gram) throw new ArgumentOutOfRangeException(nameof(statistic), statistic, "Unknown style statistic.");
        var targets = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            foreach (var tap in taps)
            {
                Tensor? blended = null;
                foreach (var (features, weight) in list)
                {
                    // A style image batch contributes its mean Gram.
                    var term = GramMatrix.Compute(features[tap].detach()).mean([0], keepdim: true) * (weight / sum);
                    blended = blended is null ? term : blended + term;
                }

                targets[tap] = blended!.DetachFromDisposeScope();
            }
        }

        return new StyleLoss(targets, [], weights, statistic);
    }

    /// <summary>Creates the loss from target Grams computed elsewhere (e.g. averaged over a style data set).</summary>
    /// <param name="targetGrams">A Gram <c>[C,C]</c> or <c>[1,C,C]</c> per tap.</param>
    /// <param name="tapWeights">A weight per tap; every tap weighs 1 when null.</param>
    /// <returns>The loss.</returns>
    public static StyleLoss FromGrams(IReadOnlyDictionary<string, Tensor> targetGrams, IReadOnlyDictionary<string, double>? tapWeights = null)
    {
        ArgumentNullException.ThrowIfNull(targetGrams);
        if (targetGrams.Count == 0) throw new ArgumentException("A style loss needs at least one tap.", nameof(targetGrams));
        var weights = TapWeights.Resolve(targetGrams.Keys, tapWeights, nameof(tapWeights));
        var targets = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (tap, gram) in targetGrams)
        {
            if (!(gram.dim() == 2 || (gram.dim() == 3 && gram.shape[0] == 1)) || gram.shape[^1] != gram.shape[^2])
                throw new ArgumentException($"The Gram of tap '{tap}' must be [C,C] or [1,C,C]; got [{string.Join(",", gram.shape)}].", nameof(targetGrams));
            targets[tap] = gram.detach().reshape(1, gram.shape[^2], gram.shape[^1]).clone().DetachFromDisposeScope();
        }

        return new StyleLoss(targets, [], weights, StyleStatistic.Gram);
    }

    /// <summary>
    /// Replaces the per-tap weights (e.g. with normalizers folded in); the targets stay. Every tap of
    /// <see cref="Taps"/> needs a weight.
    /// </summary>
    /// <param name="tapWeights">A weight per tap.</param>
    public void SetTapWeights(IReadOnlyDictionary<string, double> tapWeights)
    {
        ArgumentNullException.ThrowIfNull(tapWeights);
        _weights = TapWeights.Resolve(Taps, tapWeights, nameof(tapWeights));
    }

    /// <summary><c>Σ_t w_t · mean((G(F_t) − T_t)²)</c> over this loss's taps.</summary>
    /// <param name="features">Features of the image being optimized; must hold every tap in <see cref="Taps"/>.</param>
    /// <returns>A scalar, differentiable with respect to the features.</returns>
    public Tensor Compute(IReadOnlyDictionary<string, Tensor> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        return TapWeights.WeightedSum(ComputeEach(features), _weights).MoveToOuterDisposeScope();
    }

    /// <summary>The unweighted loss of each tap: <c>mean((G(F_t) − T_t)²)</c>, or the squared 2-Wasserstein distance of the feature Gaussians.</summary>
    /// <param name="features">Features of the image being optimized.</param>
    /// <returns>One scalar per tap.</returns>
    public IReadOnlyDictionary<string, Tensor> ComputeEach(IReadOnlyDictionary<string, Tensor> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (tap, gaussian) in _gaussians)
        {
            if (!features.TryGetValue(tap, out var f))
                throw new ArgumentException($"The features lack tap '{tap}'.", nameof(features));
            if (f.shape[1] != gaussian.Mean.shape[0])
                throw new ArgumentException($"Tap '{tap}' has {f.shape[1]} channels but its target has {gaussian.Mean.shape[0]}.", nameof(features));
            using var scope = NewDisposeScope();
            result[tap] = FeatureMoments.Wasserstein2FromFeatures(f, gaussian.Mean, gaussian.Covariance, gaussian.CovarianceSqrt).MoveToOuterDisposeScope();
        }

        foreach (var (tap, target) in _targets)
        {
            if (!features.TryGetValue(tap, out var f))
                throw new ArgumentException($"The features lack tap '{tap}'.", nameof(features));
            using var scope = NewDisposeScope();
            var gram = GramMatrix.Compute(f);
            if (gram.shape[^1] != target.shape[^1])
                throw new ArgumentException($"Tap '{tap}' has {gram.shape[^1]} channels but its target has {target.shape[^1]}.", nameof(features));
            result[tap] = nn.functional.mse_loss(gram, target.expand_as(gram)).MoveToOuterDisposeScope();
        }

        return result;
    }

    /// <summary>Frees the target Grams.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var t in _targets.Values) t.Dispose();
        foreach (var g in _gaussians.Values) g.Dispose();
    }
}
