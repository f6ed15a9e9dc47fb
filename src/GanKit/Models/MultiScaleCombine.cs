namespace GanKit.Models;

/// <summary>
/// How an MSG-GAN discriminator merges the image of one scale into the features coming down from the finer scale
/// (Karnewar &amp; Wang 2020, section 3: the combine function φ).
/// </summary>
public enum MultiScaleCombine
{
    /// <summary>φ_simple: concatenate the image's channels to the features.</summary>
    Simple,

    /// <summary>φ_lin_cat: a learned 1×1 convolution of the image (with LeakyReLU), then concatenation to the features.</summary>
    LinCat,

    /// <summary>φ_cat_lin: concatenation, then a learned 1×1 convolution back to the features' width.</summary>
    CatLin,
}
