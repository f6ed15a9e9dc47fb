using GanKit.Regularizers;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Losses;

/// <summary>
/// The relativistic pairing GAN loss (RpGAN; Jolicoeur-Martineau 2019, as used by R3GAN, Huang et al. 2024): the i-th
/// real sample is paired with the i-th generated one; D minimises softplus(−(D(x_i) − D(G(z_i)))), G the mirrored
/// softplus(−(D(G(z_i)) − D(x_i))). Both batches must have the same number of D outputs.
/// </summary>
internal sealed class RelativisticPairingLoss : IGanLoss
{
    public string Name => "rpgan";

    public bool SupportsLabelSmoothing => false;

    public IReadOnlyList<IDiscriminatorRegularizer> RequiredRegularizers => [];

    public bool NeedsRealOutputForGenerator => true;

    public Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0)
    {
        using var scope = NewDisposeScope();
        CheckPaired(realOutput, fakeOutput);
        return F.softplus((realOutput - fakeOutput).neg()).mean().MoveToOuterDisposeScope();
    }

    public Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null)
    {
        if (realOutput is null)
            throw new ArgumentNullException(nameof(realOutput), "The relativistic pairing loss needs D's outputs on real samples for the generator's loss.");
        using var scope = NewDisposeScope();
        CheckPaired(realOutput, fakeOutput);
        return F.softplus((fakeOutput - realOutput.detach()).neg()).mean().MoveToOuterDisposeScope();
    }

    private static void CheckPaired(Tensor realOutput, Tensor fakeOutput)
    {
        if (realOutput.numel() != fakeOutput.numel())
            throw new ArgumentException(
                $"The relativistic pairing loss pairs real and generated samples one to one; got {realOutput.numel()} real and {fakeOutput.numel()} generated outputs.");
    }
}
