using static TorchSharp.torch;

namespace GanKit.Regularizers;

/// <summary>
/// The R2 penalty (Mescheder et al. 2018; with R1, R3GAN's regularization): γ/2 · E[‖∇D(x̃)‖₂²] on generated samples
/// x̃, taken at the generated batch exactly as D sees it (with augmentation and instance noise, when on). With an
/// interval k &gt; 1 it is lazy like <see cref="R1Penalty"/>: applied on D updates 1, k + 1, 2k + 1, …, multiplied by k.
/// </summary>
public sealed class R2Penalty : IDiscriminatorRegularizer
{
    /// <summary>Creates the penalty.</summary>
    /// <param name="gamma">The weight γ.</param>
    /// <param name="interval">Apply every this many D updates (1 = every update).</param>
    public R2Penalty(double gamma, int interval = 1)
    {
        if (!(gamma > 0) || double.IsInfinity(gamma)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "γ must be positive and finite.");
        if (interval < 1) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be at least 1.");
        Gamma = gamma;
        Interval = interval;
    }

    /// <summary>The weight γ.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public string Name => "r2";

    /// <inheritdoc />
    public int Interval { get; }

    /// <inheritdoc />
    public Tensor Compute(RegularizerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return GradientNormPenalty.Compute(context.Discriminator, context.Fake, context.FakeLabels, Gamma / 2 * Interval);
    }
}
