using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Optimization;

/// <summary>
/// Adam over pixels, projected onto [0, 1] after each step. One evaluation per step, no line search: cheaper per
/// iteration than L-BFGS and steadier on noisy objectives, but it needs more iterations for the same loss.
/// </summary>
internal sealed class AdamMinimizer(int steps, double learningRate, double beta1, double beta2, double epsilon) : IImageMinimizer
{
    public MinimizerOutcome Minimize(Tensor start, Objective objective, IterationCallback onIteration, CancellationToken cancellationToken)
    {
        using var best = new BestIterate();
        var x = start.detach().clamp(0, 1).DetachFromDisposeScope();
        best.Offer(x, double.PositiveInfinity);
        var m = zeros_like(x).DetachFromDisposeScope();
        var v = zeros_like(x).DetachFromDisposeScope();
        int evaluations = 0, completed = 0;
        bool cancelled = false;
        try
        {
            for (int step = 1; step <= steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var evaluation = objective(x);
                evaluations++;
                best.Offer(x, evaluation.Value, evaluation.Losses);
                var g = evaluation.Gradient;
                m.mul_(beta1).add_(g, alpha: 1 - beta1);
                v.mul_(beta2).addcmul_(g, g, value: 1 - beta2);
                double correction1 = 1 - Math.Pow(beta1, step), correction2 = 1 - Math.Pow(beta2, step);
                var update = (m / correction1) / ((v / correction2).sqrt() + epsilon);
                x.sub_(update * learningRate).clamp_(0, 1);
                completed = step;
                onIteration(step, evaluation.Losses, evaluations);
            }

            // The last step's image has not been evaluated yet; it is usually the best.
            cancellationToken.ThrowIfCancellationRequested();
            using (NewDisposeScope())
            {
                var last = objective(x);
                evaluations++;
                best.Offer(x, last.Value, last.Losses);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            x.Dispose();
            m.Dispose();
            v.Dispose();
        }

        return new MinimizerOutcome(best.Take(), completed, evaluations, cancelled, Converged: false);
    }
}
