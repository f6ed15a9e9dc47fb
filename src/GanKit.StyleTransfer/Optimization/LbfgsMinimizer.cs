using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Optimization;

/// <summary>
/// L-BFGS with a strong-Wolfe line search over pixels, projected onto [0, 1] after each iteration.
/// It runs exactly the requested number of iterations unless the objective truly cannot decrease any more
/// (zero gradient, or even a steepest-descent step finds nothing lower): no loss-change tolerance stops it early.
/// </summary>
internal sealed class LbfgsMinimizer(int iterations, int historySize, int maxLineSearchEvaluations) : IImageMinimizer
{
    // Clamping moves the point the line search evaluated. Below half an 8-bit level the move is invisible and the
    // evaluation is kept; above it, the objective is evaluated again at the clamped image so value and gradient match it.
    private const double ClampTolerance = 0.5 / 255;

    public MinimizerOutcome Minimize(Tensor start, Objective objective, IterationCallback onIteration, CancellationToken cancellationToken)
    {
        using var best = new BestIterate();
        using var history = new LbfgsHistory(historySize);
        var x = start.detach().clamp(0, 1).DetachFromDisposeScope();
        best.Offer(x, double.PositiveInfinity);
        Tensor? gradient = null;
        int evaluations = 0, completed = 0;
        bool cancelled = false, converged = false;
        try
        {
            double value;
            using (NewDisposeScope())
            {
                var first = objective(x);
                evaluations++;
                gradient = first.Gradient.DetachFromDisposeScope();
                value = first.Value;
                best.Offer(x, value, first.Losses);
            }

            for (int iteration = 1; iteration <= iterations; iteration++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                if (gradient.abs().max().item<float>() == 0)
                {
                    converged = true;
                    break;
                }

                var direction = history.Direction(gradient);
                double slope = Dot(gradient, direction);
                double step = 1;
                if (history.Count == 0 || !(slope < 0))
                {
                    // No curvature yet (or it went stale): steepest descent with a step of about one pixel level per unit of |g|₁.
                    history.Clear();
                    direction = gradient.neg();
                    slope = -Dot(gradient, gradient);
                    step = Math.Min(1, 1 / gradient.abs().sum().item<float>());
                }

                var search = StrongWolfeLineSearch.Search(objective, x, direction, value, slope, step, maxLineSearchEvaluations);
                evaluations += search.Evaluations;
                if (search.Evaluation is null || search.Step == 0)
                {
                    if (history.Count == 0)
                    {
                        converged = true;
                        break;
                    }

                    // The quasi-Newton model misled the search; forget it and let the next iteration descend steeply.
                    history.Clear();
                    completed = iteration;
                    onIteration(iteration, best.Losses, evaluations);
                    continue;
                }

                var moved = x + direction * search.Step;
                var clamped = moved.clamp(0, 1);
                var evaluation = search.Evaluation;
                if ((clamped - moved).abs().max().item<float>() > ClampTolerance)
                {
                    evaluation = objective(clamped);
                    evaluations++;
                }

                history.Push(clamped - x, evaluation.Gradient - gradient);
                x.Dispose();
                x = clamped.DetachFromDisposeScope();
                gradient.Dispose();
                gradient = evaluation.Gradient.DetachFromDisposeScope();
                value = evaluation.Value;
                best.Offer(x, value, evaluation.Losses);
                completed = iteration;
                onIteration(iteration, evaluation.Losses, evaluations);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            x.Dispose();
            gradient?.Dispose();
        }

        return new MinimizerOutcome(best.Take(), completed, evaluations, cancelled, converged);
    }

    private static double Dot(Tensor a, Tensor b) => a.flatten().dot(b.flatten()).item<float>();
}
