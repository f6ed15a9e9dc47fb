using static TorchSharp.torch;

namespace GanKit.Augmentation;

/// <summary>
/// A differentiable augmentation of D's input images. The trainer applies the same augmentation to real and generated
/// images in both players' discriminator passes, so D never sees an un-augmented image and G's gradient flows through it.
/// </summary>
public interface IAugmentation
{
    /// <summary>A short stable name for logs and settings (e.g. "color,translation,cutout").</summary>
    string Name { get; }

    /// <summary>Augments a batch of images; every operation is differentiable with respect to <paramref name="images"/>.</summary>
    /// <param name="images"><c>[N, C, H, W]</c>.</param>
    /// <param name="random">The random source of the augmentation parameters (the trainer's seeded generator).</param>
    /// <param name="probability">
    /// The probability with which each operation is applied to each image (1 = always, as DiffAugment; lower values are
    /// set by an <see cref="AdaptiveAugmentation"/> controller).
    /// </param>
    /// <returns>The augmented batch, same shape and device.</returns>
    Tensor Apply(Tensor images, TorchSharp.torch.Generator random, double probability = 1.0);
}
