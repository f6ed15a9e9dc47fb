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

    /// <summary>Passes over the training data. Default 3.</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>Stop after this many optimizer steps even if the epochs are not done (for quick tests); null means no limit.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Samples per step. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's learning rate. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Channels of the first convolution (the second has twice as many). Default 32.</summary>
    public int Channels { get; init; } = 32;

    /// <summary>The length of the penultimate layer, i.e. of the features used by metrics. Default 128.</summary>
    public int FeatureSize { get; init; } = 128;

    /// <summary>Train on only the first this many samples; null means all.</summary>
    public int? MaxTrainingSamples { get; init; }

    internal const string ArchitectureVersion = "cnn-v1";

    internal void Validate()
    {
        var errors = new Configuration.ValidationErrors();
        errors.Require(Epochs >= 1, $"The classifier needs at least 1 epoch; got {Epochs}.");
        errors.Require(MaxSteps is null or >= 1, $"The classifier's step limit must be at least 1; got {MaxSteps}.");
        errors.Require(BatchSize >= 1, $"The classifier's batch size must be at least 1; got {BatchSize}.");
        errors.RequirePositive(LearningRate, "The classifier's learning rate");
        errors.Require(Channels >= 1, $"The classifier needs at least 1 channel; got {Channels}.");
        errors.Require(FeatureSize >= 1, $"The classifier's feature size must be at least 1; got {FeatureSize}.");
        errors.Require(MaxTrainingSamples is null or >= 1, $"The classifier needs at least 1 training sample; got {MaxTrainingSamples}.");
        errors.ThrowIfAny("MetricClassifierRecipe");
    }

    /// <summary>A canonical, culture-independent description of every field (what the recipe hash is computed from).</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ArchitectureVersion};seed={Seed};epochs={Epochs};maxSteps={MaxSteps};batch={BatchSize};lr={LearningRate:R};channels={Channels};features={FeatureSize};maxSamples={MaxTrainingSamples}");
}
