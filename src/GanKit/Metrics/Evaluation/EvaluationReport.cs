using System.Globalization;
using System.Text;

namespace GanKit.Metrics;

/// <summary>
/// What <see cref="GanEvaluator"/> measured; metrics that do not fit the data are null. 2D mixtures fill <c>modes</c>, <c>modesTotal</c>,
/// <c>highQualityFraction</c>, <c>reverseKl</c>; images fill <c>fid</c>, <c>fidFloor</c>, <c>kid</c>, <c>kidStd</c>,
/// <c>kidFloor</c>, <c>kidSubsetSize</c>, <c>precision</c>,
/// <c>recall</c>, <c>density</c>, <c>coverage</c> (in the first feature space, named by <c>featureSpace</c>; every space is
/// in <c>featureSpaces</c>) and, with a classifier, <c>classCoverage</c> and <c>classKl</c>.
/// </summary>
public sealed record EvaluationReport
{
    /// <summary>"mixture" or "images".</summary>
    public required string Kind { get; init; }

    /// <summary>The number of generated samples evaluated.</summary>
    public required long Samples { get; init; }

    /// <summary>Mixture modes captured (nearest mode of at least one high-quality sample).</summary>
    public int? Modes { get; init; }

    /// <summary>Modes in the mixture.</summary>
    public int? ModesTotal { get; init; }

    /// <summary>The fraction of samples within 3σ of their nearest mode.</summary>
    public double? HighQualityFraction { get; init; }

    /// <summary>KL of the high-quality samples' mode histogram from uniform; null when no sample is high quality.</summary>
    public double? ReverseKl { get; init; }

    /// <summary>The feature space of the top-level image metrics (the first one evaluated).</summary>
    public string? FeatureSpace { get; init; }

    /// <summary>FID in <see cref="FeatureSpace"/>.</summary>
    public double? Fid { get; init; }

    /// <summary>
    /// The FID of a perfect generator at this sample count: the reference set against a disjoint real set of <see cref="Samples"/>
    /// samples (<see cref="EvaluationOptions.RealFloor"/>); null when not measured or the data set is too small for it.
    /// </summary>
    public double? FidFloor { get; init; }

    /// <summary>The KID of the same disjoint real set as <see cref="FidFloor"/>; null when not measured.</summary>
    public double? KidFloor { get; init; }

    /// <summary>The KID subset size actually used (at most <see cref="EvaluationOptions.KidSubsetSize"/>).</summary>
    public int? KidSubsetSize { get; init; }

    /// <summary>KID (mean over subsets) in <see cref="FeatureSpace"/>.</summary>
    public double? Kid { get; init; }

    /// <summary>KID standard deviation over subsets; null when the subsets were the whole sets (there is no spread).</summary>
    public double? KidStd { get; init; }

    /// <summary>Improved precision in <see cref="FeatureSpace"/>.</summary>
    public double? Precision { get; init; }

    /// <summary>Improved recall in <see cref="FeatureSpace"/>.</summary>
    public double? Recall { get; init; }

    /// <summary>Density in <see cref="FeatureSpace"/>.</summary>
    public double? Density { get; init; }

    /// <summary>Coverage in <see cref="FeatureSpace"/>.</summary>
    public double? Coverage { get; init; }

    /// <summary>The fraction of classes the classifier predicts for at least 0.1/K of the samples.</summary>
    public double? ClassCoverage { get; init; }

    /// <summary>KL of the predicted class histogram from uniform.</summary>
    public double? ClassKl { get; init; }

    /// <summary>The image metrics in every feature space, in evaluation order (empty for mixtures).</summary>
    public IReadOnlyList<FeatureSpaceScores> FeatureSpaces { get; init; } = [];

    /// <summary>Wall time of the evaluation in seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>A one-line summary for logs.</summary>
    /// <returns>E.g. "modes 8/8, high quality 97.1%, reverse KL 0.012".</returns>
    public string Summarize()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        if (Modes is not null)
            sb.Append(c, $"modes {Modes}/{ModesTotal}, high quality {HighQualityFraction * 100:F1}%, reverse KL {(ReverseKl is { } kl ? kl.ToString("F3", c) : "n/a")}");
        foreach (var s in FeatureSpaces)
        {
            if (sb.Length > 0) sb.Append("; ");
            sb.Append(c, $"{s.FeatureSpace}: FID {s.Fid:F2}");
            if (s.FidFloor is { } fidFloor) sb.Append(c, $" (floor {fidFloor:F2})");
            sb.Append(c, $", KID {s.Kid:F4}");
            if (s.KidStd is { } kidStd) sb.Append(c, $" ± {kidStd:F4}");
            if (s.KidFloor is { } kidFloor) sb.Append(c, $" (floor {kidFloor:F4})");
            sb.Append(c, $", precision {s.Precision:F3}, recall {s.Recall:F3}");
        }

        if (ClassCoverage is not null) sb.Append(c, $"; class coverage {ClassCoverage:F2}, class KL {ClassKl:F3}");
        return sb.ToString();
    }
}
