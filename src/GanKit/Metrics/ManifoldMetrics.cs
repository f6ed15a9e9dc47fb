namespace GanKit.Metrics;

/// <summary>
/// Fidelity and diversity of generated features measured against k-nearest-neighbour balls: improved precision and recall
/// (Kynkäänniemi et al. 2019) and density and coverage (Naeem et al. 2020). See <see cref="NearestNeighbourMetrics"/>.
/// </summary>
/// <param name="Precision">The fraction of generated vectors inside the real manifold (the union of real k-NN balls).</param>
/// <param name="Recall">The fraction of real vectors inside the generated manifold (the union of generated k-NN balls).</param>
/// <param name="Density">How many real k-NN balls contain a generated vector, on average, divided by k (1 when the sets match; can exceed 1).</param>
/// <param name="Coverage">The fraction of real vectors whose k-NN ball contains at least one generated vector.</param>
/// <param name="K">The neighbourhood size k.</param>
public sealed record ManifoldMetrics(double Precision, double Recall, double Density, double Coverage, int K);
