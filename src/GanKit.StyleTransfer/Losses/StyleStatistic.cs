namespace GanKit.StyleTransfer;

/// <summary>What a style loss compares between the features of the image and those of the style.</summary>
public enum StyleStatistic
{
    /// <summary>
    /// Gram matrices <c>F·Fᵀ/(C·H·W)</c> compared by mean squared difference (Gatys et al.). Mixes the features' mean
    /// and spread into one matrix.
    /// </summary>
    Gram,

    /// <summary>
    /// The features' mean and covariance, compared by the 2-Wasserstein distance between the Gaussians they define:
    /// <c>|μ − μₛ|² + tr(Σ + Σₛ − 2(Σₛ^½ Σ Σₛ^½)^½)</c> (as in Katherine Crowson's style-transfer-pytorch). It matches
    /// the distribution of the activations rather than their raw second moments, which transfers palette and contrast
    /// more faithfully.
    /// </summary>
    MeanCovariance,
}
