namespace GanKit.Metrics;

/// <summary>The KID: the mean and spread of unbiased MMD² estimates over random subsets.</summary>
/// <param name="Mean">The mean MMD² over subsets (the reported KID; can be slightly negative when the sets match).</param>
/// <param name="StandardDeviation">The standard deviation of the per-subset estimates (population, ddof = 0).</param>
/// <param name="Subsets">The number of subsets averaged.</param>
/// <param name="SubsetSize">Vectors drawn from each set per subset.</param>
public sealed record KernelDistanceResult(double Mean, double StandardDeviation, int Subsets, int SubsetSize);
