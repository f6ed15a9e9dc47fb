namespace GanKit.Metrics;

/// <summary>The image metrics in one feature space.</summary>
/// <param name="FeatureSpace">The feature space's name, e.g. "resnet18" or "classifier".</param>
/// <param name="Fid">The Fréchet distance of the Gaussian fits (streamed over every sample).</param>
/// <param name="Kid">The KID: mean unbiased MMD² over subsets.</param>
/// <param name="KidStd">The standard deviation of the KID over subsets; null when the subsets were the whole sets (no spread).</param>
/// <param name="Precision">Improved precision (k-NN, k = 3 by default).</param>
/// <param name="Recall">Improved recall.</param>
/// <param name="Density">Density (Naeem et al. 2020).</param>
/// <param name="Coverage">Coverage (Naeem et al. 2020).</param>
public sealed record FeatureSpaceScores(string FeatureSpace, double Fid, double Kid, double? KidStd, double Precision, double Recall, double Density, double Coverage)
{
    /// <summary>The KID subset size actually used (smaller than <see cref="EvaluationOptions.KidSubsetSize"/> when a set was smaller).</summary>
    public int KidSubsetSize { get; init; }

    /// <summary>
    /// The FID between the reference set and a disjoint set of as many real samples as were evaluated: what a perfect
    /// generator would score (see <see cref="EvaluationOptions.RealFloor"/>); null when not computed.
    /// </summary>
    public double? FidFloor { get; init; }

    /// <summary>The KID between the reference set and the same disjoint real set as <see cref="FidFloor"/>; null when not computed.</summary>
    public double? KidFloor { get; init; }
}
