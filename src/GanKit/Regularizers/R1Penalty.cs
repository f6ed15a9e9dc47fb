using System.Text.Json.Serialization;
using GanKit.Configuration;
using static TorchSharp.torch;

namespace GanKit.Regularizers;

/// <summary>
/// The R1 penalty (Mescheder et al. 2018): γ/2 · E[‖∇D(x)‖₂²] on real samples only, taken at the real batch exactly as
/// D sees it (with the trainer's instance noise, when on), as the reference implementations do with their inputs.
/// With an interval k &gt; 1 it is applied lazily (StyleGAN2): on D updates 1, k + 1, 2k + 1, … (updates skipped by
/// the balance rule do not count), multiplied by k so its average strength is unchanged. By default GanKit adds it to
/// that D update's loss and D's optimizer settings are used as given; with
/// <see cref="Training.GanTrainerOptions.SeparateLazyRegularization"/> the penalty takes its own optimizer step as in
/// StyleGAN2, with StyleGAN2's Adam adjustment (learning rate × c, betas^c, c = k/(k + 1)).
/// </summary>
/// <param name="Gamma">The weight γ (10 is common at 64 px and above; 0.1–1 for small images).</param>
/// <param name="Interval">Apply every this many D updates (1 = every update).</param>
public sealed record R1Penalty(double Gamma, int Interval = 1) : DiscriminatorRegularizer
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Name => "r1";

    /// <inheritdoc />
    public override int Interval { get; init; } = Interval;

    internal override void Validate(ValidationErrors errors)
    {
        errors.Require(Gamma > 0 && double.IsFinite(Gamma), $"The R1 weight γ must be positive and finite; got {Gamma}.");
        errors.Require(Interval >= 1, $"The R1 interval must be at least 1; got {Interval}.");
    }

    /// <inheritdoc />
    public override Tensor Compute(RegularizerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return GradientNormPenalty.Compute(context.Discriminator, context.Real, context.RealLabels, Gamma / 2 * Interval);
    }
}
