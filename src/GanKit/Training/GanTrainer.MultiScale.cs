using GanKit.Models;
using static TorchSharp.torch;

namespace GanKit.Training;

// MSG-GAN: what flows from G (and from the data) to a multi-scale D is a packed pyramid (MultiScaleImages).
public sealed partial class GanTrainer
{
    /// <summary>G's output as D takes it: the packed pyramid of G's images at every scale for a multi-scale D.</summary>
    private Tensor GenerateForDiscriminator(Tensor latent, Tensor? labels) =>
        Discriminator.IsMultiScale ? MultiScaleImages.Pack(Generator.ForwardScales(latent, labels)) : Generator.Forward(latent, labels);

    /// <summary>Real images as D takes them: their average-pooled, packed pyramid for a multi-scale D.</summary>
    private Tensor RealForDiscriminator(Tensor real) =>
        Discriminator.IsMultiScale ? MultiScaleImages.Pack(MultiScaleImages.Pyramid(real)) : real;
}
