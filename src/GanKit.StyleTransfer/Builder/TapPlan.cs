using GanKit.Configuration;
using GanKit.Features;

namespace GanKit.StyleTransfer;

/// <summary>The content and style taps of a run, with their weights, checked against the network.</summary>
internal sealed record TapPlan(IReadOnlyDictionary<string, double> ContentTaps, IReadOnlyDictionary<string, double> StyleTaps)
{
    /// <summary>Every tap the network must return, in the network's forward order.</summary>
    public IReadOnlyList<string> AllTaps { get; private init; } = [];

    public static TapPlan Resolve(IFeatureNetwork network, StyleTransferOptions options, ValidationErrors errors)
    {
        var content = options.ContentTaps ?? StylePresets.ContentTapWeights(network);
        var style = options.StyleTaps ?? StylePresets.StyleTapWeights(network);
        var known = new HashSet<string>(network.Taps.Append(PixelPatches.Tap), StringComparer.Ordinal);
        foreach (var tap in content.Keys.Where(t => !known.Contains(t)))
            errors.Add($"Content tap '{tap}' is not a tap of '{network.Name}' (its taps: {string.Join(", ", network.Taps)}; every network also offers '{PixelPatches.Tap}').");
        foreach (var tap in style.Keys.Where(t => !known.Contains(t)))
            errors.Add($"Style tap '{tap}' is not a tap of '{network.Name}' (its taps: {string.Join(", ", network.Taps)}; every network also offers '{PixelPatches.Tap}').");
        if (options.ContentWeight > 0 && content.Count == 0) errors.Add("The content weight is positive but there are no content taps.");
        if (options.StyleWeight > 0 && style.Count == 0) errors.Add("The style weight is positive but there are no style taps.");

        var used = content.Keys.Concat(style.Keys).ToHashSet(StringComparer.Ordinal);
        return new TapPlan(content, style) { AllTaps = network.Taps.Append(PixelPatches.Tap).Where(used.Contains).ToArray() };
    }
}
