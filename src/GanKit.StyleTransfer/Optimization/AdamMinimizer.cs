using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Optimization;

/// <summary>
/// Adam over pixels, projected onto [0, 1] after each step. One evaluation per step (plus one at the start), no line search: cheaper per
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
        Tensor? gradient = null;
        try
        {
            gradient = EvaluateAt(x, 0);
            for (int step = 1; step <= steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (NewDisposeScope())
                {
                    m.mul_(beta1).add_(gradient, alpha: 1 - beta1);
                    v.mul_(beta2).addcmul_(gradient, gradient, value: 1 - beta2);
                    double correction1 = 1 - Math.Pow(beta1, step), correction2 = 1 - Math.Pow(beta2, step);
                    var update = (m / correction1) / ((v / correction2).sqrt() + epsilon);
                    x.sub_(update * learningRate).clamp_(0, 1);
                }

                gradient.Dispose();
                gradient = null;
                gradient = EvaluateAt(x, step);
                completed = step;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            gradient?.Dispose();
            x.Dispose();
            m.Dispose();
            v.Dispose();
        }

        return new MinimizerOutcome(best.Take(), completed, evaluations, cancelled, Converged: false);

        // Evaluates, records and reports the image after `step` steps; returns the gradient outside any scope.
        Tensor EvaluateAt(Tensor image, int step)
        {
            using var scope = NewDisposeScope();
            var evaluation = objective(image);
            evaluations++;
            best.Offer(image, evaluation.Value, evaluation.Losses);
            onIteration(step, evaluation.Losses, evaluations);
            return evaluation.Gradient.DetachFromDisposeScope();
        }
    }
}
