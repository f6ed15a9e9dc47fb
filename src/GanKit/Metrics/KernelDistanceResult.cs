namespace GanKit.Metrics;

/// <summary>The KID: the mean and spread of unbiased MMD² estimates over random subsets.</summary>
/// <param name="Mean">The mean MMD² over subsets (the reported KID; can be slightly negative when the sets match).</param>
/// <param name="StandardDeviation">
/// The standard deviation of the per-subset estimates (population, ddof = 0, as torch-fidelity reports it); null when there
/// is no spread to report: a single subset was drawn, or the subsets would be the whole of both sets (every subset the same sample), so one estimate on the
/// full sets was computed instead.
/// </param>
/// <param name="Subsets">The number of distinct subset estimates averaged (1 when the subsets were the whole sets).</param>
/// <param name="SubsetSize">Vectors drawn from each set per subset: the size actually used.</param>
public sealed record KernelDistanceResult(double Mean, double? StandardDeviation, int Subsets, int SubsetSize);
