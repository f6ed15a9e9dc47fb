namespace GanKit.Metrics;

/// <summary>A progress report while a <see cref="MetricClassifier"/> trains.</summary>
/// <param name="Step">Optimizer steps done.</param>
/// <param name="TotalSteps">Optimizer steps planned.</param>
/// <param name="Loss">The cross-entropy of the last batch.</param>
/// <param name="Elapsed">Time spent training so far.</param>
public sealed record ClassifierTrainingProgress(int Step, int TotalSteps, double Loss, TimeSpan Elapsed);
