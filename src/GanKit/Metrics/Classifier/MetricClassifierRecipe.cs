using System.Globalization;

namespace GanKit.Metrics;

/// <summary>
/// How a <see cref="MetricClassifier"/> is trained. Every field enters the recipe hash that names the cached weights, so a
/// changed recipe (or data set) trains a new classifier instead of reusing a stale one.
/// </summary>
public sealed record MetricClassifierRecipe
{
    /// <summary>The seed of the initial weights and of the batch order.</summary>
    public long Seed { get; init; }

    /// <summary>Passes over the training data. Default 5.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Stop after this many optimizer steps even if the epochs are not done (for quick tests); null means no limit.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Samples per step. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's initial learning rate, annealed to 0 over the run by a cosine (see <see cref="CosineDecay"/>). Default 2e-3.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Whether the learning rate follows a half cosine from <see cref="LearningRate"/> to 0 over the training steps. Default true.</summary>
    public bool CosineDecay { get; init; } = true;

    /// <summary>The dropout probability before the class logits (not on the features). Default 0.3.</summary>
    public double Dropout { get; init; } = 0.3;

    /// <summary>Whether each training image is mirrored left–right with probability ½ (Fashion-MNIST's items are close to symmetric). Default true.</summary>
    public bool HorizontalFlips { get; init; } = true;

    /// <summary>Channels of the first convolution (the second has twice as many). Default 32.</summary>
    public int Channels { get; init; } = 32;

    /// <summary>The length of the penultimate layer, i.e. of the features used by metrics. Default 128.</summary>
    public int FeatureSize { get; init; } = 128;

    /// <summary>Train on only the first this many samples; null means all.</summary>
    public int? MaxTrainingSamples { get; init; }

    internal const string ArchitectureVersion = "cnn-v2";

    internal void Validate()
    {
        var errors = new Configuration.ValidationErrors();
        errors.Require(Epochs >= 1, $"The classifier needs at least 1 epoch; got {Epochs}.");
        errors.Require(MaxSteps is null or >= 1, $"The classifier's step limit must be at least 1; got {MaxSteps}.");
        errors.Require(BatchSize >= 1, $"The classifier's batch size must be at least 1; got {BatchSize}.");
        errors.RequirePositive(LearningRate, "The classifier's learning rate");
        errors.Require(Dropout is >= 0 and < 1, $"The classifier's dropout must be in [0, 1); got {Dropout}.");
        errors.Require(Channels >= 1, $"The classifier needs at least 1 channel; got {Channels}.");
        errors.Require(FeatureSize >= 1, $"The classifier's feature size must be at least 1; got {FeatureSize}.");
        errors.Require(MaxTrainingSamples is null or >= 1, $"The classifier needs at least 1 training sample; got {MaxTrainingSamples}.");
        errors.ThrowIfAny("MetricClassifierRecipe");
    }

    /// <summary>A canonical, culture-independent description of every field (what the recipe hash is computed from).</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ArchitectureVersion};seed={Seed};epochs={Epochs};maxSteps={MaxSteps};batch={BatchSize};lr={LearningRate:R};cosine={CosineDecay};dropout={Dropout:R};flips={HorizontalFlips};channels={Channels};features={FeatureSize};maxSamples={MaxTrainingSamples}");
}
