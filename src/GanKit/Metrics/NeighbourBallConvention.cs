namespace GanKit.Metrics;

/// <summary>
/// When a vector counts as inside a k-nearest-neighbour ball whose radius equals its distance to the centre (a tie). The
/// conventions differ only on ties: exact copies of points, duplicated points (zero radii) and equal distances.
/// </summary>
public enum NeighbourBallConvention
{
    /// <summary>
    /// Each metric as its paper's reference code computes it (the default): precision and recall count distance ≤ radius
    /// (Kynkäänniemi et al. 2019, <c>precision_recall.py</c>); density and coverage count distance &lt; radius (Naeem et al.
    /// 2020, clovaai's <c>prdc</c>). Two identical sets without duplicated points or tied distances score 1 on all four.
    /// </summary>
    ReferenceCode,

    /// <summary>Distance ≤ radius for all four metrics (Kynkäänniemi et al.'s convention; identical sets give density (k + 1)/k).</summary>
    Inclusive,

    /// <summary>Distance &lt; radius for all four metrics (clovaai's <c>prdc</c>; a zero radius then contains nothing).</summary>
    Strict,
}
