using GanKit.Features;
using GanKit.StyleTransfer.Losses;
using GanKit.StyleTransfer.Optimization;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Pipeline;

/// <summary>
/// The objective at one scale: content and style targets computed once from the scale's images, per-tap
/// normalizers folded into the losses' tap weights, and the evaluation of loss and gradient at an image.
/// </summary>
internal sealed class ScaleObjective : IDisposable
{
    // Guards against dividing by a style tap that happens to be (almost) zero for the content image.
    private const double MinimumNormalizer = 1e-12;

    private readonly IFeatureNetwork _network;
    private readonly OptimizationSpace _space;
    private readonly StyleTransferOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly ContentLoss? _content;
    private readonly StyleLoss? _style;
    private readonly Tensor _contentImage;
    private readonly Dictionary<string, Tensor> _contentFeatures;
    private readonly string[] _taps;

    /// <param name="network">The feature network.</param>
    /// <param name="plan">Taps and weights.</param>
    /// <param name="options">Loss weights and normalization.</param>
    /// <param name="space">RGB or luminance.</param>
    /// <param name="content">The content in the optimized space, <c>[1,C,h,w]</c> on the network's device.</param>
    /// <param name="styles">The styles in the optimized space with their blend weights, on the network's device.</param>
    /// <param name="cancellationToken">Checked before every evaluation.</param>
    public ScaleObjective(IFeatureNetwork network, TapPlan plan, StyleTransferOptions options, OptimizationSpace space,
        Tensor content, IReadOnlyList<(Tensor Image, double Weight)> styles, CancellationToken cancellationToken)
    {
        _network = network;
        _space = space;
        _options = options;
        _cancellationToken = cancellationToken;
        var contentTaps = options.ContentWeight > 0 ? plan.ContentTaps.Where(p => p.Value > 0).ToDictionary() : [];
        var styleTaps = options.StyleWeight > 0 ? plan.StyleTaps.Where(p => p.Value > 0).ToDictionary() : [];
        var used = contentTaps.Keys.Concat(styleTaps.Keys).Concat(options.ExtraTerms.Where(t => t.Weight > 0).SelectMany(t => t.Taps))
            .ToHashSet(StringComparer.Ordinal);
        _taps = network.Taps.Where(used.Contains).Concat(used.Contains(PixelPatches.Tap) ? [PixelPatches.Tap] : []).ToArray();

        using var noGrad = no_grad();
        _contentImage = content.detach().clone().DetachFromDisposeScope();
        using var scope = NewDisposeScope();
        _contentFeatures = Features(content).ToDictionary(p => p.Key, p => p.Value.DetachFromDisposeScope(), StringComparer.Ordinal);
        if (contentTaps.Count > 0)
        {
            // Relative error: the same weight means the same for shallow and deep taps and for any network.
            var weights = contentTaps.ToDictionary(p => p.Key, p => p.Value / Normalizer(options.NormalizePerTap, _contentFeatures[p.Key].square().mean()),
                StringComparer.Ordinal);
            _content = new ContentLoss(contentTaps.Keys.ToDictionary(t => t, t => _contentFeatures[t]), weights);
        }

        if (styleTaps.Count > 0)
        {
            var styleFeatures = styles
                .Where(s => s.Weight > 0)
                .Select(s => ((IReadOnlyDictionary<string, Tensor>)Features(s.Image, styleTaps.Keys.ToArray()), s.Weight))
                .ToArray();
            _style = StyleLoss.FromBlend(styleFeatures, styleTaps, options.StyleStatistic);
            if (options.NormalizePerTap)
            {
                // Each tap then starts near its weight for the content image, whatever the depth's natural magnitude.
                var atContent = _style.ComputeEach(_contentFeatures);
                _style.SetTapWeights(styleTaps.ToDictionary(p => p.Key, p => p.Value / Normalizer(true, atContent[p.Key]), StringComparer.Ordinal));
            }
        }
    }

    /// <summary>The loss terms and gradient at <paramref name="image"/> (<c>[1,C,h,w]</c>, not requiring grad).</summary>
    public Evaluation Evaluate(Tensor image)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var leaf = image.detach().requires_grad_(true);
        var features = Features(leaf);

        var total = zeros([], dtype: leaf.dtype, device: leaf.device);
        double content = 0, style = 0, totalVariation = 0, other = 0;
        if (_content is not null)
        {
            var term = _content.Compute(features) * _options.ContentWeight;
            content = term.item<float>();
            total = total + term;
        }

        if (_style is not null)
        {
            var term = _style.Compute(features) * _options.StyleWeight;
            style = term.item<float>();
            total = total + term;
        }

        if (_options.TotalVariationWeight > 0)
        {
            var term = TotalVariationLoss.Compute(leaf) * _options.TotalVariationWeight;
            totalVariation = term.item<float>();
            total = total + term;
        }

        foreach (var extra in _options.ExtraTerms.Where(t => t.Weight > 0))
        {
            var value = extra.Compute(new StyleLossTermInput(leaf, features, _contentImage, _contentFeatures));
            if (value is null || value.numel() != 1)
                throw new InvalidOperationException($"The loss term '{extra.Name}' must return a scalar tensor.");
            var term = value.reshape([]) * extra.Weight;
            other += term.item<float>();
            total = total + term;
        }

        // A backward pass is the costliest part; skip it when the run is being cancelled.
        _cancellationToken.ThrowIfCancellationRequested();
        total.backward();
        var gradient = leaf.grad is { } g ? g.clone() : zeros_like(leaf);
        return new Evaluation(new StyleLosses(content, style, totalVariation, other), gradient.MoveToOuterDisposeScope());
    }

    private IReadOnlyDictionary<string, Tensor> Features(Tensor image, IReadOnlyCollection<string>? taps = null)
    {
        taps ??= _taps;
        var input = _space.NetworkInput(image);
        var networkTaps = taps.Where(t => t != PixelPatches.Tap).ToArray();
        var features = PaddedFeatures.Extract(_network, input, networkTaps, _options.BorderPadding).ToDictionary(StringComparer.Ordinal);
        if (taps.Contains(PixelPatches.Tap)) features[PixelPatches.Tap] = PixelPatches.Extract(input);
        return features;
    }

    private static double Normalizer(bool normalize, Tensor value) => normalize ? Math.Max(value.item<float>(), MinimumNormalizer) : 1;

    public void Dispose()
    {
        _content?.Dispose();
        _style?.Dispose();
        _contentImage.Dispose();
        foreach (var f in _contentFeatures.Values) f.Dispose();
    }
}
