using static TorchSharp.torch;

namespace GanKit.Regularizers;

/// <summary>
/// The R1 penalty (Mescheder et al. 2018): γ/2 · E[‖∇D(x)‖₂²] on real samples only, taken at the real batch exactly as
/// D sees it (with the trainer's instance noise, when on), as the reference implementations do with their inputs.
/// With an interval k &gt; 1 it is applied lazily (StyleGAN2): on D updates 1, k + 1, 2k + 1, … (updates skipped by
/// the balance rule do not count), multiplied by k so its average strength is unchanged. GanKit adds it to that D
/// update's loss instead of taking StyleGAN2's extra optimizer step, so StyleGAN2's Adam adjustment for that extra
/// step (learning rate × c, betas^c, c = k/(k + 1)) does not apply and D's optimizer settings are used as given.
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
        using var scope = NewDisposeScope();
        var real = context.Real.detach().requires_grad_(true);
        var output = context.Discriminator.Forward(real, context.RealLabels, checkLabelRange: false);
        var grad = autograd.grad([output.sum()], [real], retain_graph: true, create_graph: true)[0];
        var squared = grad.reshape(output.shape[0], -1).square().sum(1);
        return (Gamma / 2 * Interval * squared.mean()).MoveToOuterDisposeScope();
    }
}
