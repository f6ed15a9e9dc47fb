using GanKit.Data;
using Microsoft.Extensions.Logging;

namespace GanKit.Metrics;

/// <summary>What <see cref="GanEvaluator"/> measures and on how many samples. Every field has a sensible default.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Generated samples per evaluation; null means 2,500 for 2D mixtures (the papers' protocol) and 10,000 for images.</summary>
    public int? SampleCount { get; init; }

    /// <summary>Real samples the image metrics compare against; null means min(data set size, 10,000). A seeded random subset is used when the data set is larger.</summary>
    public int? ReferenceCount { get; init; }

    /// <summary>
    /// At most this many feature vectors per side are kept in memory for KID and precision/recall (the first ones); the FID
    /// always streams over every sample. Default 10,000.
    /// </summary>
    public int ManifoldSampleCount { get; init; } = 10_000;

    /// <summary>The seed of the latents, the reference subset and the KID subsets.</summary>
    public long Seed { get; init; }

    /// <summary>Samples generated and embedded per batch. Default 250.</summary>
    public int BatchSize { get; init; } = 250;

    /// <summary>KID subsets. Default 100.</summary>
    public int KidSubsets { get; init; } = KernelInceptionDistance.DefaultSubsets;

    /// <summary>
    /// KID subset size. Default 1,000 (torch-fidelity's). When fewer vectors are kept on a side, the evaluator uses the smaller
    /// size, logs a warning and reports the size used (<see cref="FeatureSpaceScores.KidSubsetSize"/>); when that is the whole of
    /// both sets, one full-set estimate is made and no standard deviation is reported.
    /// </summary>
    public int KidSubsetSize { get; init; } = KernelInceptionDistance.DefaultSubsetSize;

    /// <summary>k of precision/recall and density/coverage. Default 3.</summary>
    public int NearestNeighbours { get; init; } = NearestNeighbourMetrics.DefaultK;

    /// <summary>
    /// Whether a vector at exactly a k-NN ball's radius is inside it. Default <see cref="NeighbourBallConvention.ReferenceCode"/>:
    /// ≤ for precision/recall (Kynkäänniemi et al.'s code), &lt; for density/coverage (Naeem et al.'s prdc).
    /// </summary>
    public NeighbourBallConvention NeighbourBallConvention { get; init; } = NeighbourBallConvention.ReferenceCode;

    /// <summary>
    /// Also measure the real-vs-real floor of the FID and KID (<see cref="FeatureSpaceScores.FidFloor"/>, <see cref="FeatureSpaceScores.KidFloor"/>):
    /// the reference set against a second real set, disjoint from it and as large as the generated set, drawn from the rest of
    /// the data set (seeded by <see cref="Seed"/>; embedded once per sample count and reused). When the data set has too few
    /// samples left for it, the floors are null and a warning is logged. Default true.
    /// </summary>
    public bool RealFloor { get; init; } = true;

    /// <summary>
    /// When set, every image evaluation writes each feature space's feature matrices to this folder as float32 <c>.npy</c>
    /// files (exactly the values the metrics used): <c>&lt;space&gt;-real.npy</c> (the reference set),
    /// <c>&lt;space&gt;-generated.npy</c> and, when the floor is measured, <c>&lt;space&gt;-real-floor.npy</c>; rows are samples in
    /// evaluation order. The FID uses every row; KID and the k-NN metrics the first <see cref="ManifoldSampleCount"/> rows.
    /// Later evaluations overwrite the files. 2D-mixture evaluators refuse it (mode coverage has no features). Default none.
    /// </summary>
    public string? FeatureDirectory { get; init; }

    /// <summary>The mixture 2D samples come from; null lets <see cref="GanEvaluator.ForDataset"/> recognise ring-8 and grid-25 from the data.</summary>
    public GaussianMixture? Mixture { get; init; }

    /// <summary>Feature spaces for image metrics (not disposed by the evaluator); null lets <see cref="GanEvaluator.ForDataset"/> choose.</summary>
    public IReadOnlyList<IFeatureSpace>? FeatureSpaces { get; init; }

    /// <summary>A classifier for class coverage and class KL (not disposed by the evaluator); null lets <see cref="GanEvaluator.ForDataset"/> choose.</summary>
    public MetricClassifier? Classifier { get; init; }

    /// <summary>
    /// When choosing automatically, also measure in the pooled features of the network this creates, e.g.
    /// <c>() =&gt; PretrainedFeatureNetworks.ResNet18()</c> from the <c>GanKit.Features</c> package (which is not part of core
    /// GanKit, so core never loads a pretrained model on its own). The evaluator calls it once and disposes the network; when it
    /// throws <see cref="Features.PretrainedModelNotFoundException"/>, the space is skipped with a warning. Default none.
    /// </summary>
    public Func<Features.IFeatureNetwork>? PretrainedNetwork { get; init; }

    /// <summary>
    /// When choosing automatically for labelled images, train a <see cref="MetricClassifier"/> on the data set (minutes of
    /// CPU for Fashion-MNIST), for class statistics and a classifier feature space. Default false: opt in.
    /// </summary>
    public bool UseClassifier { get; init; }

    /// <summary>The classifier's recipe when one is trained automatically; null means the defaults.</summary>
    public MetricClassifierRecipe? ClassifierRecipe { get; init; }

    /// <summary>
    /// Where an automatically trained classifier is cached and looked up (e.g. <see cref="MetricClassifier.DefaultCacheDirectory"/>);
    /// null, the default, trains it in memory and writes nothing.
    /// </summary>
    public string? ClassifierCacheDirectory { get; init; }

    /// <summary>The side images are resized to for pretrained networks. Default 64.</summary>
    public int PretrainedImageSize { get; init; } = Metrics.FeatureSpaces.DefaultImageSize;

    /// <summary>Receives messages about classifier caching and training and about the choices made. Default none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    internal void Validate()
    {
        var errors = new Configuration.ValidationErrors();
        errors.Require(SampleCount is null or >= 2, $"At least 2 samples are needed; got {SampleCount}.");
        errors.Require(ReferenceCount is null or >= 2, $"At least 2 reference samples are needed; got {ReferenceCount}.");
        errors.Require(ManifoldSampleCount >= 2, $"At least 2 vectors must be kept for KID and precision/recall; got {ManifoldSampleCount}.");
        errors.Require(BatchSize >= 1, $"The batch size must be at least 1; got {BatchSize}.");
        errors.Require(KidSubsets >= 1, $"KID needs at least 1 subset; got {KidSubsets}.");
        errors.Require(KidSubsetSize >= 2, $"A KID subset needs at least 2 vectors; got {KidSubsetSize}.");
        errors.Require(NearestNeighbours >= 1, $"k must be at least 1; got {NearestNeighbours}.");
        errors.Require(Enum.IsDefined(NeighbourBallConvention), $"Unknown neighbour ball convention {NeighbourBallConvention}.");
        errors.Require(FeatureDirectory is null || !string.IsNullOrWhiteSpace(FeatureDirectory), "The feature directory must be a path or null; got an empty string.");
        errors.Require(PretrainedImageSize >= 1, $"The pretrained image size must be at least 1; got {PretrainedImageSize}.");
        errors.ThrowIfAny("EvaluationOptions");
    }
}
