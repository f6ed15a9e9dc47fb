using System.Text.Json.Serialization;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Losses;

/// <summary>D's binary cross-entropy on logits, shared by the minimax and non-saturating losses.</summary>
internal static class CrossEntropy
{
    public static Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget)
    {
        using var scope = NewDisposeScope();
        var real = F.binary_cross_entropy_with_logits(realOutput, full_like(realOutput, realTarget));
        var fake = F.binary_cross_entropy_with_logits(fakeOutput, zeros_like(fakeOutput));
        return (real + fake).MoveToOuterDisposeScope();
    }
}

/// <summary>The original minimax game; use <see cref="GanLosses.Minimax"/>.</summary>
public sealed record MinimaxLoss : GanLoss
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Name => "minimax";

    /// <inheritdoc />
    [JsonIgnore]
    public override bool SupportsLabelSmoothing => true;

    /// <inheritdoc />
    public override Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0) =>
        CrossEntropy.DiscriminatorLoss(realOutput, fakeOutput, realTarget);

    // log(1 − σ(x)) = −softplus(x): minimising it is the saturating generator objective.
    /// <inheritdoc />
    public override Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null) => F.softplus(fakeOutput).neg().mean();
}

/// <summary>The non-saturating loss; use <see cref="GanLosses.NonSaturating"/>.</summary>
public sealed record NonSaturatingLoss : GanLoss
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Name => "ns";

    /// <inheritdoc />
    [JsonIgnore]
    public override bool SupportsLabelSmoothing => true;

    /// <inheritdoc />
    public override Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0) =>
        CrossEntropy.DiscriminatorLoss(realOutput, fakeOutput, realTarget);

    // −log σ(x) = softplus(−x).
    /// <inheritdoc />
    public override Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null) => F.softplus(fakeOutput.neg()).mean();
}
