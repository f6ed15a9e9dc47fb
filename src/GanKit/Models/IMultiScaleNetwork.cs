using static TorchSharp.torch;

namespace GanKit.Models;

/// <summary>
/// A generator module that emits an image at every scale (MSG-GAN). Its ordinary <c>forward</c> returns the finest image
/// (what sampling and evaluation use); the trainer calls <see cref="ForwardScales"/> when the discriminator is
/// multi-scale (<see cref="IMultiScaleDiscriminatorNetwork"/>).
/// </summary>
public interface IMultiScaleGeneratorNetwork
{
    /// <summary>Runs the generator and returns its images at 4×4, 8×8, …, full size (coarse to fine).</summary>
    /// <param name="latent"><c>[N, LatentSize]</c>.</param>
    /// <param name="labels">Class labels, or null.</param>
    /// <returns>One <c>[N, C, s, s]</c> tensor per scale.</returns>
    IReadOnlyList<Tensor> ForwardScales(Tensor latent, Tensor? labels);
}

/// <summary>
/// A discriminator module that takes an image at every scale (MSG-GAN): its <c>forward</c> accepts a packed pyramid
/// (<see cref="MultiScaleImages.Pack"/>, <c>[N, PackedLength]</c>), and also plain full-size images
/// <c>[N, C, S, S]</c>, whose pyramid it makes by average pooling.
/// </summary>
public interface IMultiScaleDiscriminatorNetwork
{
}

/// <summary>
/// A network that grows progressively (Karras et al. 2018): the trainer's progressive schedule sets its active level
/// and fade-in α before every step. The state lives in a buffer, so it is averaged (copied) by the EMA and stored in
/// checkpoints with the weights.
/// </summary>
public interface IProgressiveNetwork
{
    /// <summary>The finest level: the output is 4·2^level pixels wide at this level.</summary>
    int MaxLevel { get; }

    /// <summary>The active level and α (1 = the level is fully faded in).</summary>
    (int Level, double Alpha) Growth { get; }

    /// <summary>Sets the active level and α.</summary>
    /// <param name="level">0 … <see cref="MaxLevel"/>.</param>
    /// <param name="alpha">In [0, 1]; below 1 the level is blended with the one below it.</param>
    void SetGrowth(int level, double alpha);
}
