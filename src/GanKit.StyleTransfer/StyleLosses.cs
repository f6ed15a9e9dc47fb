namespace GanKit.StyleTransfer;

/// <summary>
/// The terms of the style-transfer objective at one point, each already multiplied by its weight, so that
/// <see cref="Total"/> = <see cref="Content"/> + <see cref="Style"/> + <see cref="TotalVariation"/> + <see cref="Other"/>.
/// </summary>
/// <param name="Content">The weighted content loss.</param>
/// <param name="Style">The weighted style loss (all taps, all styles blended).</param>
/// <param name="TotalVariation">The weighted total-variation loss.</param>
/// <param name="Other">The weighted sum of the user's own loss terms (<see cref="StyleTransferOptions.ExtraTerms"/>); 0 without them.</param>
public readonly record struct StyleLosses(double Content, double Style, double TotalVariation, double Other = 0)
{
    /// <summary>The objective that is minimized: the sum of the weighted terms.</summary>
    public double Total => Content + Style + TotalVariation + Other;
}
