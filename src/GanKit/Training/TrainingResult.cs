namespace GanKit.Training;

/// <summary>The outcome of <see cref="GanTrainer.TrainAsync"/>.</summary>
/// <param name="FinalStep">The step training stopped at.</param>
/// <param name="StepsRun">Steps run in this call (fewer than asked when resuming from a later step).</param>
/// <param name="Elapsed">Wall time of this call.</param>
/// <param name="History">Metrics of every step since step 1 (including steps restored from a checkpoint).</param>
/// <param name="LastCheckpoint">The newest checkpoint file, or null when checkpoints are off.</param>
/// <param name="Rollbacks">How many times a divergence was rolled back to a checkpoint.</param>
public sealed record TrainingResult(long FinalStep, long StepsRun, TimeSpan Elapsed, IReadOnlyList<StepMetrics> History, string? LastCheckpoint, int Rollbacks)
{
    /// <summary>Whether a <see cref="Runtime.StopSource"/> ended training before the target step (a checkpoint was written first).</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>The last step's metrics, or null when no step has run.</summary>
    public StepMetrics? Last => History.Count == 0 ? null : History[^1];

    /// <summary>Mean steps per second over this call.</summary>
    public double StepsPerSecond => Elapsed.TotalSeconds > 0 ? StepsRun / Elapsed.TotalSeconds : 0;
}
