using System.Text.Json.Serialization;
using GanKit.Configuration;
using GanKit.Regularizers;
using static TorchSharp.torch;

namespace GanKit.Losses;

/// <summary>WGAN-GP: the Wasserstein critic loss plus its gradient penalty; use <see cref="GanLosses.WassersteinGp"/>.</summary>
/// <param name="Lambda">The gradient-penalty weight λ (10 in the paper; 0 = no penalty, the plain WGAN critic loss).</param>
public sealed record WassersteinGpLoss(double Lambda = 10.0) : GanLoss
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Name => "wgan-gp";

    /// <inheritdoc />
    [JsonIgnore]
    public override IReadOnlyList<IDiscriminatorRegularizer> RequiredRegularizers => Lambda > 0 ? [new GradientPenalty(Lambda)] : [];

    /// <inheritdoc />
    public override Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0)
    {
        using var scope = NewDisposeScope();
        return (fakeOutput.mean() - realOutput.mean()).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null) => fakeOutput.mean().neg();

    internal override void Validate(ValidationErrors errors) =>
        errors.Require(Lambda >= 0 && double.IsFinite(Lambda), $"The WGAN-GP gradient-penalty weight must be zero or positive and finite; got {Lambda}.");
}
