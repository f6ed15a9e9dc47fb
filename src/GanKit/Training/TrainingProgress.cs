namespace GanKit.Training;

/// <summary>A progress report from <see cref="GanTrainer.TrainAsync"/>.</summary>
/// <param name="Step">The step just completed.</param>
/// <param name="TargetStep">The step training runs to.</param>
/// <param name="Metrics">The step's losses and scores.</param>
/// <param name="StepsPerSecond">Recent throughput.</param>
/// <param name="Elapsed">Time spent training in this call.</param>
/// <param name="EstimatedRemaining">Time to reach <paramref name="TargetStep"/> at the recent rate.</param>
public sealed record TrainingProgress(long Step, long TargetStep, StepMetrics Metrics, double StepsPerSecond, TimeSpan Elapsed, TimeSpan EstimatedRemaining)
{
    /// <summary>Fraction done, in [0, 1].</summary>
    public double Fraction => TargetStep == 0 ? 1 : Math.Clamp((double)Step / TargetStep, 0, 1);
}
