using GanKit.Features;

namespace GanKit.StyleTransfer;

/// <summary>
/// The taps and tap weights used when none are given (see <see cref="StyleTransferOptions.ContentTaps"/> and
/// <see cref="StyleTransferOptions.StyleTaps"/>). The one place where default tap weights are decided; the losses
/// apply them (with the per-tap normalizers folded in) through one weighted sum.
/// </summary>
internal static class StylePresets
{
    /// <summary>
    /// Content taps: for ResNet18 the stem, stage 1 and stage 2 with equal weights. Stage 2 alone (the network's
    /// default content tap) let thin structures (cables, window rows, a far tower) dissolve into the strokes; the earlier
    /// taps keep the outlines, which the structure score of docs/style-transfer.md measures. Other networks use their
    /// own default content taps.
    /// </summary>
    public static IReadOnlyDictionary<string, double> ContentTapWeights(IFeatureNetwork network)
    {
        if (network.Name == "resnet18")
            return new Dictionary<string, double>(StringComparer.Ordinal) { [ResNet18Taps.Stem] = 1, [ResNet18Taps.Stage1] = 1, [ResNet18Taps.Stage2] = 1 };
        return network.DefaultContentTaps.ToDictionary(t => t, _ => 1.0, StringComparer.Ordinal);
    }

    /// <summary>
    /// Style taps: equal weights on every default tap (with per-tap normalization each contributes about equally;
    /// heavier deep taps were tried for ResNet18 and melted the content). For ResNet18 also <see cref="PixelPatches.Tap"/>
    /// with weight <see cref="PixelTapWeight"/>: ResNet18 cannot see the finest brush texture (its first tap is at half
    /// resolution), and without it the results had less fine-scale texture than the paintings.
    /// </summary>
    public static IReadOnlyDictionary<string, double> StyleTapWeights(IFeatureNetwork network)
    {
        var taps = network.DefaultStyleTaps.ToDictionary(t => t, _ => 1.0, StringComparer.Ordinal);
        if (network.Name == "resnet18" && PixelTapWeight > 0) taps[PixelPatches.Tap] = PixelTapWeight;
        return taps;
    }

    /// <summary>The default weight of the pixel-patch style tap for ResNet18.</summary>
    internal const double PixelTapWeight = 1;
}
