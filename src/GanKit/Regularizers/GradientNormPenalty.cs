using GanKit.Models;
using static TorchSharp.torch;

namespace GanKit.Regularizers;

/// <summary>weight · E[‖∇ₓD(x)‖₂²], the shared core of R1 (on reals) and R2 (on fakes).</summary>
internal static class GradientNormPenalty
{
    public static Tensor Compute(Discriminator discriminator, Tensor samples, Tensor? labels, double weight)
    {
        using var scope = NewDisposeScope();
        var input = samples.detach().requires_grad_(true);
        var output = discriminator.Forward(input, labels);
        // TorchSharp's retain_graph defaults to false even with create_graph: the penalty's own backward needs the graph.
        var grad = autograd.grad([output.sum()], [input], retain_graph: true, create_graph: true)[0];
        var squared = grad.reshape(output.shape[0], -1).square().sum(1);
        return (weight * squared.mean()).MoveToOuterDisposeScope();
    }
}
