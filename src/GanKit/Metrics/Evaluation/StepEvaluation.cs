namespace GanKit.Metrics;

/// <summary>An evaluation made during training by <see cref="TrainerEvaluationExtensions.EvaluateEvery"/>.</summary>
/// <param name="Step">The training step it was made after.</param>
/// <param name="Report">The metrics.</param>
public sealed record StepEvaluation(long Step, EvaluationReport Report);
