namespace GanKit.Models;

/// <summary>The built-in network families for generators and discriminators.</summary>
public enum GanArchitecture
{
    /// <summary>Fully connected layers: the textbook GAN; works for images and plain vectors (e.g. 2D mixtures).</summary>
    Mlp,

    /// <summary>DCGAN (Radford et al. 2016): transposed convolutions with batch norm in G, strided convolutions with LeakyReLU in D.</summary>
    Dcgan,

    /// <summary>SNGAN-style residual networks (Miyato et al. 2018): up-sampling residual blocks in G, down-sampling in D.</summary>
    ResNet,

    /// <summary>
    /// MSG-GAN (Karnewar &amp; Wang 2020): a ProGAN-style generator that emits an image at every resolution from 4×4 up,
    /// and a discriminator that takes each of them at the matching depth, so gradients reach every scale at once.
    /// </summary>
    Msg,

    /// <summary>
    /// Progressive growing (Karras et al. 2018): ProGAN-style networks whose active resolution and fade-in α are set by
    /// the trainer's progressive schedule (<c>GanTrainerBuilder.WithProgressiveGrowing</c>).
    /// </summary>
    Progressive,
}
