using GanKit.Models;
using static TorchSharp.torch;

namespace GanKit.Regularizers;

/// <summary>
/// A penalty added to the discriminator's loss (gradient penalty, R1). The trainer calls it every
/// <see cref="Interval"/> steps and adds the returned scalar, which must already include the weight and the
/// lazy-regularization factor.
/// </summary>
public interface IDiscriminatorRegularizer
{
    /// <summary>A short name for logs and progress (e.g. "gp", "r1").</summary>
    string Name { get; }

    /// <summary>Apply every this many discriminator steps (1 = every step; more is "lazy" regularization).</summary>
    int Interval { get; }

    /// <summary>Computes the weighted penalty.</summary>
    /// <param name="context">The discriminator and the current batch.</param>
    /// <returns>A scalar to add to the discriminator's loss.</returns>
    Tensor Compute(RegularizerContext context);
}

/// <summary>What a regularizer sees of the current discriminator step.</summary>
/// <param name="Discriminator">The discriminator being trained.</param>
/// <param name="Real">The real batch (detached).</param>
/// <param name="Fake">The generated batch (detached).</param>
/// <param name="RealLabels">Class labels of the real batch, for conditional models.</param>
/// <param name="FakeLabels">Class labels of the generated batch, for conditional models.</param>
/// <param name="Random">The trainer's seeded random source, for reproducible interpolation.</param>
public sealed record RegularizerContext(Discriminator Discriminator, Tensor Real, Tensor Fake, Tensor? RealLabels, Tensor? FakeLabels, TorchSharp.torch.Generator Random);
