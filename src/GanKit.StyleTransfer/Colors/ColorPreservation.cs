namespace GanKit.StyleTransfer;

/// <summary>
/// Whether and how the result keeps the content image's colours (Gatys et al., "Preserving color in neural artistic
/// style transfer", 2016).
/// </summary>
public enum ColorPreservation
{
    /// <summary>The result takes the style's colours along with its texture.</summary>
    None,

    /// <summary>
    /// Luminance-only transfer: only the luminance (YIQ's Y) is stylized, with the style's luminance first matched to
    /// the content's mean and spread; the result takes the content's chroma (I and Q) unchanged.
    /// </summary>
    Luminance,

    /// <summary>
    /// The style images are recoloured first so their colour mean and covariance match the content's; the transfer
    /// then paints the style's texture in the content's palette.
    /// </summary>
    HistogramMatch,
}
