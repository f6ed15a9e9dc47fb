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
}
