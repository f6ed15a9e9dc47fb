using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Optimization;

/// <summary>
/// L-BFGS with a strong-Wolfe line search over pixels kept in [0, 1]. Bounds are handled by projection, the way
/// bound-constrained quasi-Newton methods do it: pixels at a bound that the gradient pushes outward are frozen for the
/// iteration, and the line search follows the projected path <c>t ↦ clamp(x + t·d)</c>, so every evaluated image is
/// valid and the accepted image is exactly the one evaluated (clamping after the step instead raised the loss).
/// It runs exactly the requested number of iterations unless the objective truly cannot decrease any more
/// (zero projected gradient, or even a steepest-descent step finds nothing lower): no loss-change tolerance stops it.
/// </summary>
internal sealed class LbfgsMinimizer(int iterations, int historySize, int maxLineSearchEvaluations, long maxHistoryBytes = long.MaxValue) : IImageMinimizer
{
    /// <summary>The pairs kept for an image of <paramref name="elements"/> floats: each pair holds two images.</summary>
    public static int HistoryFor(long elements, int historySize, long maxHistoryBytes) =>
        (int)Math.Max(Math.Min(3, historySize), Math.Min(historySize, maxHistoryBytes / Math.Max(1, 2 * elements * sizeof(float))));

    public MinimizerOutcome Minimize(Tensor start, Objective objective, IterationCallback onIteration, CancellationToken cancellationToken)
    {
        using var best = new BestIterate();
        using var history = new LbfgsHistory(HistoryFor(start.numel(), historySize, maxHistoryBytes));
        var x = start.detach().clamp(0, 1).DetachFromDisposeScope();
        best.Offer(x, double.PositiveInfinity);
        Tensor? gradient = null;   // the projected gradient at x
        int evaluations = 0, completed = 0;
        bool cancelled = false, converged = false;
        try
        {
            double value;
            using (NewDisposeScope())
            {
                var first = objective(x);
                evaluations++;
                gradient = Projected(first.Gradient, x).DetachFromDisposeScope();
                value = first.Value;
                best.Offer(x, value, first.Losses);
                onIteration(0, first.Losses, evaluations);
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

                var direction = Feasible(history.Direction(gradient), x);
                double slope = Dot(gradient, direction);
                double step = 1;
                if (history.Count == 0 || !(slope < 0))
                {
                    // No curvature yet (or it went stale): steepest descent, first step scaled to about one unit of |g|₁.
                    history.Clear();
                    direction = gradient.neg();
                    slope = -Dot(gradient, gradient);
                    step = Math.Min(1, 1 / gradient.abs().sum().item<float>());
                }

                var current = x;
                var dir = direction;
                (Evaluation, double) AlongPath(double t)
                {
                    using var pathScope = NewDisposeScope();
                    var moved = current + dir * t;
                    var evaluation = objective(moved.clamp(0, 1));
                    // φ(t) = f(clamp(x + t·d)): only pixels strictly inside the box move with t.
                    var inside = moved.gt(0).logical_and(moved.lt(1));
                    double pathSlope = (evaluation.Gradient * dir).masked_fill(inside.logical_not(), 0).sum().item<float>();
                    evaluation.Gradient.MoveToOuterDisposeScope();
                    return (evaluation, pathSlope);
                }

                double directionMax = direction.abs().max().item<float>();
                var search = StrongWolfeLineSearch.Search(AlongPath, value, slope, step, maxLineSearchEvaluations, directionMax);
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

                var next = (x + direction * search.Step).clamp(0, 1);
                var nextGradient = Projected(search.Evaluation.Gradient, next);
                history.Push(next - x, nextGradient - gradient);
                x.Dispose();
                x = next.DetachFromDisposeScope();
                gradient.Dispose();
                gradient = nextGradient.DetachFromDisposeScope();
                value = search.Evaluation.Value;
                best.Offer(x, value, search.Evaluation.Losses);
                completed = iteration;
                onIteration(iteration, search.Evaluation.Losses, evaluations);
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

    /// <summary>The gradient with the components zeroed whose descent would leave the box (pixel at a bound, pushed outward).</summary>
    private static Tensor Projected(Tensor gradient, Tensor x)
    {
        var blocked = x.le(0).logical_and(gradient.gt(0)).logical_or(x.ge(1).logical_and(gradient.lt(0)));
        return gradient.masked_fill(blocked, 0);
    }

    /// <summary>The direction with the components zeroed that point out of the box from a pixel at a bound.</summary>
    private static Tensor Feasible(Tensor direction, Tensor x)
    {
        var blocked = x.le(0).logical_and(direction.lt(0)).logical_or(x.ge(1).logical_and(direction.gt(0)));
        return direction.masked_fill(blocked, 0);
    }

    private static double Dot(Tensor a, Tensor b) => a.flatten().dot(b.flatten()).item<float>();
}
