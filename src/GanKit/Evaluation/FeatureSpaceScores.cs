namespace GanKit.Metrics;

/// <summary>The image metrics in one feature space.</summary>
/// <param name="FeatureSpace">The feature space's name, e.g. "resnet18" or "classifier".</param>
/// <param name="Fid">The Fréchet distance of the Gaussian fits (streamed over every sample).</param>
/// <param name="Kid">The KID: mean unbiased MMD² over subsets.</param>
/// <param name="KidStd">The standard deviation of the KID over subsets.</param>
/// <param name="Precision">Improved precision (k-NN, k = 3 by default).</param>
/// <param name="Recall">Improved recall.</param>
/// <param name="Density">Density (Naeem et al. 2020).</param>
/// <param name="Coverage">Coverage (Naeem et al. 2020).</param>
public sealed record FeatureSpaceScores(string FeatureSpace, double Fid, double Kid, double KidStd, double Precision, double Recall, double Density, double Coverage);
