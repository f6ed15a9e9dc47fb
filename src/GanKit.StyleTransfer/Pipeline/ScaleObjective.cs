using GanKit.Features;
using GanKit.StyleTransfer.Losses;
using GanKit.StyleTransfer.Optimization;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Pipeline;

/// <summary>
/// The objective at one scale: content and style targets computed once from the scale's images, per-tap
/// normalizers, and the evaluation of loss and gradient at an image.
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
    private readonly Dictionary<string, double> _contentScale = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _styleScale = new(StringComparer.Ordinal);
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
        var used = contentTaps.Keys.Concat(styleTaps.Keys).ToHashSet(StringComparer.Ordinal);
        _taps = plan.AllTaps.Where(used.Contains).ToArray();

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var contentFeatures = _taps.Length == 0 ? new Dictionary<string, Tensor>() : network.Extract(space.NetworkInput(content), _taps);
        if (contentTaps.Count > 0)
        {
            _content = new ContentLoss(contentTaps.Keys.ToDictionary(t => t, t => contentFeatures[t]));
            foreach (var (tap, weight) in contentTaps)
            {
                // Relative error: the same weight means the same for shallow and deep taps and for any network.
                double norm = options.NormalizePerTap ? Math.Max(contentFeatures[tap].square().mean().item<float>(), MinimumNormalizer) : 1;
                _contentScale[tap] = weight / norm;
            }
        }

        if (styleTaps.Count > 0)
        {
            var styleFeatures = styles
                .Where(s => s.Weight > 0)
                .Select(s => ((IReadOnlyDictionary<string, Tensor>)network.Extract(space.NetworkInput(s.Image), styleTaps.Keys.ToArray()), s.Weight))
                .ToArray();
            _style = StyleLoss.FromBlend(styleFeatures);
            var atContent = options.NormalizePerTap ? _style.ComputeEach(contentFeatures) : null;
            foreach (var (tap, weight) in styleTaps)
            {
                // Each tap then starts near 1 for the content image, whatever the depth's natural magnitude.
                double norm = atContent is null ? 1 : Math.Max(atContent[tap].item<float>(), MinimumNormalizer);
                _styleScale[tap] = weight / norm;
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
        var features = _taps.Length == 0 ? new Dictionary<string, Tensor>() : _network.Extract(_space.NetworkInput(leaf), _taps);

        var total = zeros([], dtype: leaf.dtype, device: leaf.device);
        double content = 0, style = 0, totalVariation = 0;
        if (_content is not null)
        {
            var term = Weighted(_content.ComputeEach(features), _contentScale, leaf) * _options.ContentWeight;
            content = term.item<float>();
            total = total + term;
        }

        if (_style is not null)
        {
            var term = Weighted(_style.ComputeEach(features), _styleScale, leaf) * _options.StyleWeight;
            style = term.item<float>();
            total = total + term;
        }

        if (_options.TotalVariationWeight > 0)
        {
            var term = TotalVariationLoss.Compute(leaf) * _options.TotalVariationWeight;
            totalVariation = term.item<float>();
            total = total + term;
        }

        // A backward pass is the costliest part; skip it when the run is being cancelled.
        _cancellationToken.ThrowIfCancellationRequested();
        total.backward();
        var gradient = leaf.grad is { } g ? g.clone() : zeros_like(leaf);
        return new Evaluation(new StyleLosses(content, style, totalVariation), gradient.MoveToOuterDisposeScope());
    }

    private static Tensor Weighted(IReadOnlyDictionary<string, Tensor> perTap, Dictionary<string, double> scale, Tensor like)
    {
        var sum = zeros([], dtype: like.dtype, device: like.device);
        foreach (var (tap, value) in perTap) sum = sum + value * scale[tap];
        return sum;
    }

    public void Dispose()
    {
        _content?.Dispose();
        _style?.Dispose();
    }
}
