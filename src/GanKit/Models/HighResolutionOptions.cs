namespace GanKit.Models;

/// <summary>
/// Options of the high-resolution families (<see cref="GanArchitecture.Msg"/>, <see cref="GanArchitecture.Progressive"/>),
/// stored in their specifications and therefore in checkpoints.
/// </summary>
/// <param name="Combine">How the MSG-GAN discriminator merges each scale's image (ignored by progressive networks).</param>
/// <param name="EqualizedLearningRate">
/// Equalized learning rate (Karras et al. 2018): weights drawn from N(0, 1) and scaled at run time by He's constant, so
/// Adam's per-weight step sizes are the same for every layer.
/// </param>
/// <param name="PixelNorm">Pixelwise feature normalization after every generator convolution (Karras et al. 2018).</param>
public sealed record HighResolutionOptions(MultiScaleCombine Combine = MultiScaleCombine.LinCat, bool EqualizedLearningRate = true, bool PixelNorm = true)
{
    /// <summary>The defaults: lin_cat, equalized learning rate and pixel norm, as in the MSG-GAN paper's ProGAN-based models.</summary>
    public static HighResolutionOptions Default { get; } = new();
}
