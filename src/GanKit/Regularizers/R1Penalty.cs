using static TorchSharp.torch;

namespace GanKit.Regularizers;

/// <summary>
/// The R1 penalty (Mescheder et al. 2018): γ/2 · E[‖∇D(x)‖₂²] on real samples only, taken at the real batch exactly as
/// D sees it (with the trainer's instance noise, when on), as the reference implementations do with their inputs.
/// With an interval k &gt; 1 it is applied lazily (StyleGAN2): on D updates 1, k + 1, 2k + 1, … (updates skipped by
/// the balance rule do not count), multiplied by k so its average strength is unchanged. By default GanKit adds it to
/// that D update's loss and D's optimizer settings are used as given; with
/// <see cref="Training.GanTrainerBuilder.WithSeparateLazyRegularization"/> the penalty takes its own optimizer step as in
/// StyleGAN2, with StyleGAN2's Adam adjustment (learning rate × c, betas^c, c = k/(k + 1)).
/// </summary>
public sealed class R1Penalty : IDiscriminatorRegularizer
{
    /// <summary>Creates the penalty.</summary>
    /// <param name="gamma">The weight γ.</param>
    /// <param name="interval">Apply every this many steps (1 = every step).</param>
    public R1Penalty(double gamma, int interval = 1)
    {
        if (!(gamma > 0) || double.IsInfinity(gamma)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "γ must be positive and finite.");
        if (interval < 1) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be at least 1.");
        Gamma = gamma;
        Interval = interval;
    }

    /// <summary>The weight γ.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public string Name => "r1";

    /// <inheritdoc />
    public int Interval { get; }

    /// <inheritdoc />
    public Tensor Compute(RegularizerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return GradientNormPenalty.Compute(context.Discriminator, context.Real, context.RealLabels, Gamma / 2 * Interval);
    }
}
