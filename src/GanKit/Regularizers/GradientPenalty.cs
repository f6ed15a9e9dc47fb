using System.Text.Json.Serialization;
using GanKit.Configuration;
using static TorchSharp.torch;

namespace GanKit.Regularizers;

/// <summary>
/// WGAN-GP's penalty (Gulrajani et al. 2017): λ · E[(‖∇D(x̂)‖₂ − 1)²] at random interpolates x̂ between real and
/// generated samples. With PacGAN packing, the gradient norm is taken over each packed group, the unit D judges.
/// </summary>
/// <param name="Lambda">The weight λ (10 in the paper).</param>
public sealed record GradientPenalty(double Lambda = 10.0) : DiscriminatorRegularizer
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Name => "gp";

    /// <inheritdoc />
    public override int Interval { get; init; } = 1;

    internal override void Validate(ValidationErrors errors)
    {
        errors.Require(Lambda > 0 && double.IsFinite(Lambda), $"The gradient-penalty weight λ must be positive and finite; got {Lambda}.");
        errors.Require(Interval >= 1, $"The gradient-penalty interval must be at least 1; got {Interval}.");
    }

    /// <inheritdoc />
    public override Tensor Compute(RegularizerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var scope = NewDisposeScope();
        var real = context.Real;
        long n = Math.Min(real.shape[0], context.Fake.shape[0]);
        var shape = new long[real.dim()];
        shape[0] = n;
        for (int i = 1; i < shape.Length; i++) shape[i] = 1;
        var alpha = rand(shape, generator: context.Random).to(real.device);
        var mixed = (alpha * real[..(int)n] + (1 - alpha) * context.Fake[..(int)n]).detach().requires_grad_(true);
        var output = context.Discriminator.Forward(mixed, context.RealLabels?[..(int)n]);
        var grad = autograd.grad([output.sum()], [mixed], retain_graph: true, create_graph: true)[0];
        var norms = grad.reshape(output.shape[0], -1).norm(1);
        return (Lambda * (norms - 1).square().mean()).MoveToOuterDisposeScope();
    }
}
