using GanKit.Features;

namespace GanKit.StyleTransfer;

/// <summary>The style taps used when none are given (see <see cref="StyleTransferOptions.StyleTaps"/>).</summary>
internal static class StylePresets
{
    // Equal weights on every default tap: with per-tap normalization each contributes about equally. Heavier deep
    // taps were tried for ResNet18 and melted the content; coarse-to-fine scales enlarge the strokes without that.
    public static IReadOnlyDictionary<string, double> StyleTapWeights(IFeatureNetwork network) =>
        network.DefaultStyleTaps.ToDictionary(t => t, _ => 1.0, StringComparer.Ordinal);
}
