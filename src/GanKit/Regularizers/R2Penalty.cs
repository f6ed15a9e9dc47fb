using System.Text.Json.Serialization;
using GanKit.Configuration;
using static TorchSharp.torch;

namespace GanKit.Regularizers;

/// <summary>
/// The R2 penalty (Mescheder et al. 2018; with R1, R3GAN's regularization): γ/2 · E[‖∇D(x̃)‖₂²] on generated samples
/// x̃, taken at the generated batch exactly as D sees it (with augmentation and instance noise, when on). With an
/// interval k &gt; 1 it is lazy like <see cref="R1Penalty"/>: applied on D updates 1, k + 1, 2k + 1, …, multiplied by k.
/// </summary>
/// <param name="Gamma">The weight γ.</param>
/// <param name="Interval">Apply every this many D updates (1 = every update).</param>
public sealed record R2Penalty(double Gamma, int Interval = 1) : DiscriminatorRegularizer
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Name => "r2";

    /// <inheritdoc />
    public override int Interval { get; init; } = Interval;

    internal override void Validate(ValidationErrors errors)
    {
        errors.Require(Gamma > 0 && double.IsFinite(Gamma), $"The R2 weight γ must be positive and finite; got {Gamma}.");
        errors.Require(Interval >= 1, $"The R2 interval must be at least 1; got {Interval}.");
    }

    /// <inheritdoc />
    public override Tensor Compute(RegularizerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return GradientNormPenalty.Compute(context.Discriminator, context.Fake, context.FakeLabels, Gamma / 2 * Interval);
    }
}
