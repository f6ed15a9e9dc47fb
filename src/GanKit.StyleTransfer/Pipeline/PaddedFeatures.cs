using GanKit.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Pipeline;

/// <summary>
/// Extracts features of images surrounded by a reflection of themselves, then crops every feature map back to the
/// image's own area. The network's convolutions then pad with image-like content instead of zeros (black, after
/// preprocessing), which otherwise leaves a dark band along the borders of the result.
/// </summary>
internal static class PaddedFeatures
{
    /// <summary>The features of <paramref name="images"/> <c>[N,3,H,W]</c> with <paramref name="padding"/> pixels of reflection (0 = plain).</summary>
    public static IReadOnlyDictionary<string, Tensor> Extract(IFeatureNetwork network, Tensor images, IReadOnlyCollection<string> taps, int padding)
    {
        if (taps.Count == 0) return new Dictionary<string, Tensor>(StringComparer.Ordinal);
        long height = images.shape[2], width = images.shape[3];
        int pad = (int)Math.Min(padding, Math.Min(height, width) - 1);   // reflection needs padding < size
        if (pad <= 0) return network.Extract(images, taps);

        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(images, [pad, pad, pad, pad], PaddingModes.Reflect);
        var features = network.Extract(padded, taps);
        var cropped = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (tap, f) in features) cropped[tap] = Crop(f, pad, height, width).MoveToOuterDisposeScope();
        return cropped;
    }

    /// <summary>Removes the part of a feature map that came from the padding: its share of the map is pad/(size + 2·pad) per side.</summary>
    public static Tensor Crop(Tensor features, int pad, long height, long width)
    {
        long fh = features.shape[2], fw = features.shape[3];
        long ch = (long)Math.Round(pad * (double)fh / (height + 2 * pad)), cw = (long)Math.Round(pad * (double)fw / (width + 2 * pad));
        if (fh - 2 * ch < 1) ch = (fh - 1) / 2;
        if (fw - 2 * cw < 1) cw = (fw - 1) / 2;
        return features.narrow(2, ch, fh - 2 * ch).narrow(3, cw, fw - 2 * cw);
    }
}
