using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace GanKit.Losses;

/// <summary>The least-squares loss (LSGAN); use <see cref="GanLosses.LeastSquares"/>.</summary>
public sealed record LeastSquaresLoss : GanLoss
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Name => "lsgan";

    /// <inheritdoc />
    [JsonIgnore]
    public override bool SupportsLabelSmoothing => true;

    // The ½ factors follow the LSGAN paper (a = 0, b = c = 1).
    /// <inheritdoc />
    public override Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0)
    {
        using var scope = NewDisposeScope();
        return (0.5 * (realOutput - realTarget).square().mean() + 0.5 * fakeOutput.square().mean()).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null)
    {
        using var scope = NewDisposeScope();
        return (0.5 * (fakeOutput - 1).square().mean()).MoveToOuterDisposeScope();
    }
}
