using GanKit.Training;
using Microsoft.Extensions.Logging;

namespace GanKit.Metrics;

/// <summary>Evaluation hooks for <see cref="GanTrainerBuilder"/>.</summary>
public static class TrainerEvaluationExtensions
{
    /// <summary>
    /// Evaluates the sampling generator (the EMA when enabled) with <paramref name="evaluator"/> every <paramref name="every"/>
    /// steps, on the training thread, and logs and/or reports the result. The real data is embedded at the first evaluation and
    /// reused. The evaluator stays the caller's: dispose it after training.
    /// </summary>
    /// <param name="builder">The trainer builder.</param>
    /// <param name="every">The interval in steps (evaluation is not free: choose e.g. 1,000 or more for images).</param>
    /// <param name="evaluator">The evaluator, e.g. <see cref="GanEvaluator.ForDataset"/> of the training data.</param>
    /// <param name="progress">Receives each step's report.</param>
    /// <param name="logger">Logs each step's summary at Information level.</param>
    /// <returns>The builder.</returns>
    public static GanTrainerBuilder EvaluateEvery(this GanTrainerBuilder builder, int every, GanEvaluator evaluator,
        IProgress<StepEvaluation>? progress = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(evaluator);
        return builder.OnStep(every, (trainer, p) =>
        {
            var report = evaluator.Evaluate(trainer.SamplingGenerator);
            if (logger is not null) EvaluationLog.StepEvaluated(logger, p.Step, report.Summarize(), report.Seconds);
            progress?.Report(new StepEvaluation(p.Step, report));
        });
    }
}
