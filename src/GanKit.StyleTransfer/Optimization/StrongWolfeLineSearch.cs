using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Optimization;

/// <summary>
/// A line search that returns a step satisfying the strong Wolfe conditions (sufficient decrease and a small enough
/// slope), by bracketing then zooming with cubic interpolation (Nocedal &amp; Wright, algorithms 3.5 and 3.6).
/// Strong Wolfe steps keep L-BFGS's curvature pairs positive, which a fixed learning rate does not.
/// </summary>
internal static class StrongWolfeLineSearch
{
    public const double SufficientDecrease = 1e-4;   // c1
    public const double Curvature = 0.9;             // c2

    /// <summary>
    /// The accepted step, the evaluation there and the number of evaluations spent. <see cref="Evaluation"/> is null
    /// when no step decreased the objective (the best point is the start).
    /// </summary>
    public sealed record Result(double Step, Evaluation? Evaluation, int Evaluations);

    /// <summary>Searches along a path <c>t ↦ φ(t)</c> from t = 0.</summary>
    /// <param name="evaluateAt">Evaluates the objective at step t and returns the evaluation and the slope φ′(t).</param>
    /// <param name="value">φ(0).</param>
    /// <param name="slope">φ′(0), negative.</param>
    /// <param name="step">The first step to try.</param>
    /// <param name="maxEvaluations">The most evaluations to spend.</param>
    /// <param name="directionMax">The largest component of the direction, to turn step differences into pixel moves.</param>
    /// <param name="stepTolerance">Stop zooming when the bracket moves the image by less than this.</param>
    /// <returns>The step; its gradient is registered in the caller's dispose scope.</returns>
    public static Result Search(Func<double, (Evaluation Evaluation, double Slope)> evaluateAt, double value, double slope,
        double step, int maxEvaluations, double directionMax, double stepTolerance = 1e-9)
    {
        using var scope = NewDisposeScope();
        (Evaluation, double) EvaluateAt(double t) => evaluateAt(t);

        var (current, currentSlope) = EvaluateAt(step);
        int evaluations = 1;

        // Bracketing phase: grow the step until the interval [previous, current] must contain an acceptable step.
        double previousStep = 0, previousSlope = slope;
        double previousValue = value;
        Evaluation? previousEvaluation = null;
        var bracket = new double[2];
        var bracketValue = new double[2];
        var bracketSlope = new double[2];
        var bracketEvaluation = new Evaluation?[2];
        bool single = false, done = false;
        int iteration = 0;
        while (true)
        {
            if (current.Value > value + SufficientDecrease * step * slope || (iteration > 1 && current.Value >= previousValue))
            {
                SetBracket(previousStep, previousValue, previousSlope, previousEvaluation, step, current, currentSlope);
                break;
            }

            if (Math.Abs(currentSlope) <= -Curvature * slope)
            {
                single = done = true;
                bracket[0] = step; bracketValue[0] = current.Value; bracketSlope[0] = currentSlope; bracketEvaluation[0] = current;
                break;
            }

            if (currentSlope >= 0)
            {
                SetBracket(previousStep, previousValue, previousSlope, previousEvaluation, step, current, currentSlope);
                break;
            }

            double minStep = step + 0.01 * (step - previousStep), maxStep = step * 10;
            double next = CubicInterpolation.Minimize(previousStep, previousValue, previousSlope, step, current.Value, currentSlope, minStep, maxStep);
            previousStep = step; previousValue = current.Value; previousSlope = currentSlope;
            previousEvaluation = current;
            step = next;
            if (evaluations >= maxEvaluations)
            {
                // Out of budget while still descending: keep the best point found.
                single = done = true;
                bracket[0] = previousStep; bracketValue[0] = previousValue; bracketSlope[0] = previousSlope; bracketEvaluation[0] = previousEvaluation;
                break;
            }

            (current, currentSlope) = EvaluateAt(step);
            evaluations++;
            iteration++;
        }

        // Zoom phase: shrink the bracket until a point satisfies both conditions.
        bool insufficientProgress = false;
        int low = 0, high = 1;
        if (!single) (low, high) = bracketValue[0] <= bracketValue[1] ? (0, 1) : (1, 0);
        while (!done && evaluations < maxEvaluations)
        {
            if (Math.Abs(bracket[1] - bracket[0]) * directionMax < stepTolerance) break;
            double t = CubicInterpolation.Minimize(bracket[0], bracketValue[0], bracketSlope[0], bracket[1], bracketValue[1], bracketSlope[1]);

            // Keep away from the bracket's ends, where cubic steps make little progress.
            double hi = Math.Max(bracket[0], bracket[1]), lo = Math.Min(bracket[0], bracket[1]);
            double margin = 0.1 * (hi - lo);
            if (Math.Min(hi - t, t - lo) < margin)
            {
                if (insufficientProgress || t >= hi || t <= lo)
                {
                    t = Math.Abs(t - hi) < Math.Abs(t - lo) ? hi - margin : lo + margin;
                    insufficientProgress = false;
                }
                else
                {
                    insufficientProgress = true;
                }
            }
            else
            {
                insufficientProgress = false;
            }

            var (trial, trialSlope) = EvaluateAt(t);
            evaluations++;
            if (trial.Value > value + SufficientDecrease * t * slope || trial.Value >= bracketValue[low])
            {
                bracket[high] = t; bracketValue[high] = trial.Value; bracketSlope[high] = trialSlope; bracketEvaluation[high] = trial;
                (low, high) = bracketValue[0] <= bracketValue[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(trialSlope) <= -Curvature * slope)
                {
                    done = true;
                }
                else if (trialSlope * (bracket[high] - bracket[low]) >= 0)
                {
                    bracket[high] = bracket[low]; bracketValue[high] = bracketValue[low];
                    bracketSlope[high] = bracketSlope[low]; bracketEvaluation[high] = bracketEvaluation[low];
                }

                bracket[low] = t; bracketValue[low] = trial.Value; bracketSlope[low] = trialSlope; bracketEvaluation[low] = trial;
            }
        }

        int chosen = single ? 0 : low;
        // The start point (step 0) wins when nothing along the direction was lower.
        var result = bracketEvaluation[chosen];
        double chosenStep = bracket[chosen];
        if (result is null) return new Result(0, null, evaluations);
        result.Gradient.MoveToOuterDisposeScope();
        return new Result(chosenStep, result, evaluations);

        void SetBracket(double t0, double f0, double g0, Evaluation? e0, double t1, Evaluation e1, double g1)
        {
            bracket[0] = t0; bracketValue[0] = f0; bracketSlope[0] = g0; bracketEvaluation[0] = e0;
            bracket[1] = t1; bracketValue[1] = e1.Value; bracketSlope[1] = g1; bracketEvaluation[1] = e1;
        }
    }
}
