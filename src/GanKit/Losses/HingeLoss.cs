using System.Text.Json.Serialization;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Losses;

/// <summary>The hinge loss; use <see cref="GanLosses.Hinge"/>.</summary>
public sealed record HingeLoss : GanLoss
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Name => "hinge";

    /// <inheritdoc />
    public override Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0)
    {
        using var scope = NewDisposeScope();
        return (F.relu(1 - realOutput).mean() + F.relu(1 + fakeOutput).mean()).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null) => fakeOutput.mean().neg();
}
