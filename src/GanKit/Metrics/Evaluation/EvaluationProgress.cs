namespace GanKit.Metrics;

/// <summary>A progress report from <see cref="GanEvaluator"/>.</summary>
/// <param name="Stage">What is running: "reference" (embedding real data, once), "real floor" (the disjoint real set of the floor, once per sample count) or "generated".</param>
/// <param name="Done">Samples processed in this stage.</param>
/// <param name="Total">Samples this stage processes.</param>
public sealed record EvaluationProgress(string Stage, long Done, long Total);
