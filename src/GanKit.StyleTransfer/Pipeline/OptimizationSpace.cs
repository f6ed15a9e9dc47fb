using GanKit.StyleTransfer.Colors;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Pipeline;

/// <summary>
/// What the pixels being optimized are: RGB, or only the luminance for luminance-only colour preservation.
/// It converts the inputs into that space, feeds the network RGB either way, and turns the result back into RGB.
/// </summary>
internal sealed class OptimizationSpace(bool luminanceOnly)
{
    public bool LuminanceOnly { get; } = luminanceOnly;

    /// <summary>The content image <c>[3,H,W]</c> in the optimized space: itself, or its luminance <c>[1,H,W]</c>.</summary>
    public Tensor Content(Tensor rgb) => LuminanceOnly ? YiqColorSpace.Luminance(rgb) : rgb.alias();

    /// <summary>
    /// A style image in the optimized space. For luminance-only transfer its luminance is shifted and scaled to the
    /// content luminance's mean and standard deviation, so the style's brightness does not leak into the result.
    /// </summary>
    public Tensor Style(Tensor rgb, Tensor contentSpace)
    {
        if (!LuminanceOnly) return rgb.alias();
        using var scope = NewDisposeScope();
        var y = YiqColorSpace.Luminance(rgb);
        var (styleMean, styleStd) = (y.mean(), y.std());
        var (contentMean, contentStd) = (contentSpace.mean(), contentSpace.std());
        var matched = (y - styleMean) * (contentStd / styleStd.clamp_min(1e-6)) + contentMean;
        return matched.clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>The network's RGB input <c>[N,3,H,W]</c> for images <c>[N,C,H,W]</c> in this space.</summary>
    public Tensor NetworkInput(Tensor images) => LuminanceOnly ? images.expand(-1, 3, -1, -1) : images;

    /// <summary>The final RGB image <c>[3,H,W]</c>: the optimized luminance with the content's chroma, or the image itself.</summary>
    public Tensor ToRgb(Tensor optimized, Tensor contentRgb)
    {
        if (!LuminanceOnly) return optimized.clamp(0, 1);
        using var scope = NewDisposeScope();
        var contentYiq = YiqColorSpace.FromRgb(contentRgb.to(optimized.device));
        var yiq = cat([optimized, contentYiq.narrow(0, 1, 2)], 0);
        return YiqColorSpace.ToRgb(yiq).clamp(0, 1).MoveToOuterDisposeScope();
    }
}
