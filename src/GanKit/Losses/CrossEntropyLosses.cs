using GanKit.Regularizers;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Losses;

/// <summary>D's binary cross-entropy on logits, shared by the minimax and non-saturating losses.</summary>
internal abstract class CrossEntropyLoss : IGanLoss
{
    public abstract string Name { get; }

    public bool SupportsLabelSmoothing => true;

    public IReadOnlyList<IDiscriminatorRegularizer> RequiredRegularizers => [];

    public bool NeedsRealOutputForGenerator => false;

    public Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0)
    {
        using var scope = NewDisposeScope();
        var real = F.binary_cross_entropy_with_logits(realOutput, full_like(realOutput, realTarget));
        var fake = F.binary_cross_entropy_with_logits(fakeOutput, zeros_like(fakeOutput));
        return (real + fake).MoveToOuterDisposeScope();
    }

    public abstract Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null);
}

internal sealed class MinimaxLoss : CrossEntropyLoss
{
    public override string Name => "minimax";

    // log(1 − σ(x)) = −softplus(x): minimising it is the saturating generator objective.
    public override Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null) => F.softplus(fakeOutput).neg().mean();
}

internal sealed class NonSaturatingLoss : CrossEntropyLoss
{
    public override string Name => "ns";

    // −log σ(x) = softplus(−x).
    public override Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null) => F.softplus(fakeOutput.neg()).mean();
}
