using GanKit.Regularizers;
using static TorchSharp.torch;

namespace GanKit.Losses;

/// <summary>
/// An adversarial objective: how the discriminator's raw outputs on real and generated samples become the two
/// players' losses. Implement it to add your own; <see cref="GanLosses"/> has the standard ones.
/// </summary>
public interface IGanLoss
{
    /// <summary>A short stable name, stored in checkpoints and logs (e.g. "hinge").</summary>
    string Name { get; }

    /// <summary>Whether one-sided label smoothing means anything for this loss (true for the cross-entropy family).</summary>
    bool SupportsLabelSmoothing { get; }

    /// <summary>Regularizers this loss needs on the discriminator (WGAN-GP's gradient penalty); empty for most.</summary>
    IReadOnlyList<IDiscriminatorRegularizer> RequiredRegularizers { get; }

    /// <summary>The discriminator's loss, averaged over the batch.</summary>
    /// <param name="realOutput">D's raw outputs on real samples, <c>[N]</c>.</param>
    /// <param name="fakeOutput">D's raw outputs on generated samples, <c>[M]</c>.</param>
    /// <param name="realTarget">The target for real samples where the loss has one (1, or e.g. 0.9 with one-sided smoothing).</param>
    /// <returns>A scalar.</returns>
    Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0);

    /// <summary>
    /// Whether <see cref="GeneratorLoss"/> needs D's outputs on real samples (relativistic losses such as
    /// <see cref="GanLosses.RelativisticPairing"/>). Only then does the trainer's generator step run D on the real batch.
    /// </summary>
    bool NeedsRealOutputForGenerator { get; }

    /// <summary>The generator's loss, averaged over the batch.</summary>
    /// <param name="fakeOutput">D's raw outputs on generated samples, <c>[M]</c>.</param>
    /// <param name="realOutput">
    /// D's raw outputs on real samples, <c>[N]</c>, detached (G's gradient flows only through the fakes); passed when
    /// <see cref="NeedsRealOutputForGenerator"/> is true, otherwise null and ignored.
    /// </param>
    /// <returns>A scalar.</returns>
    Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null);
}
