namespace GanKit.StyleTransfer;

/// <summary>
/// Whether the stylized image's colours are also matched to the style's colour distribution by a colour transfer
/// (applied to the starting image of the first scale and to the result). Ignored when the content's colours are
/// preserved (<see cref="ColorPreservation"/> other than <see cref="ColorPreservation.None"/>).
/// </summary>
public enum StyleColorMatch
{
    /// <summary>Only the style loss moves the colours.</summary>
    None,

    /// <summary>A linear transfer that gives the image the style's RGB mean and covariance (<see cref="Colors.ColorStatisticsMatching"/>).</summary>
    MeanCovariance,

    /// <summary>
    /// Sliced optimal transport of the RGB distribution (<see cref="Colors.ColorDistributionTransfer"/>): matches the whole
    /// palette, not only its first two moments, while keeping the order of colours along every direction (so edges stay).
    /// </summary>
    Distribution,
}
