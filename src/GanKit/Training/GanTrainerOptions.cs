using System.Text.Json;
using GanKit.Augmentation;
using GanKit.Configuration;
using GanKit.Losses;
using GanKit.Regularizers;

namespace GanKit.Training;

/// <summary>
/// Every setting of a <see cref="GanTrainer"/>, as plain data: validated by <see cref="GanTrainerBuilder.Build"/>, written
/// into every checkpoint as JSON (<see cref="Checkpoints.CheckpointInfo.Options"/> reads it back) and round-tripped by
/// <see cref="ToJson"/>/<see cref="FromJson"/>. Behaviour is not data and is passed to the builder separately: the logger
/// factory, the device, step callbacks, and the instances of losses, regularizers and optimizer factories of your own
/// (which the options name by <see cref="CustomLoss"/>, <see cref="CustomRegularizer"/> and <see cref="CustomOptimizerSettings"/>).
/// Defaults follow DCGAN.
/// </summary>
public sealed record GanTrainerOptions
{
    private readonly IReadOnlyList<DiscriminatorRegularizer> _regularizers = EquatableList<DiscriminatorRegularizer>.Empty;

    /// <summary>The adversarial loss (see <see cref="GanLosses"/>). Default non-saturating.</summary>
    public GanLoss Loss { get; init; } = GanLosses.NonSaturating;

    /// <summary>The generator's optimizer. Default Adam(2e-4, 0.5, 0.999).</summary>
    public OptimizerSettings GeneratorOptimizer { get; init; } = OptimizerSettings.Adam();

    /// <summary>The discriminator's optimizer. Default Adam(2e-4, 0.5, 0.999).</summary>
    public OptimizerSettings DiscriminatorOptimizer { get; init; } = OptimizerSettings.Adam();

    /// <summary>How both learning rates change over training. Default constant.</summary>
    public LearningRateSchedule LearningRateSchedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Real samples per discriminator step (and generated samples per step). Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Discriminator steps per generator step (n_critic). Default 1.</summary>
    public int CriticSteps { get; init; } = 1;

    /// <summary>Extra discriminator regularizers (R1, gradient penalty), besides those the loss requires. Compared by value.</summary>
    public IReadOnlyList<DiscriminatorRegularizer> Regularizers
    {
        get => _regularizers;
        init => _regularizers = EquatableList<DiscriminatorRegularizer>.From(value);
    }

    /// <summary>EMA decay of the generator's weights, or null for no EMA (or for <see cref="EmaWarmup"/>).</summary>
    public double? EmaDecay { get; init; }

    /// <summary>An EMA with a half-life in images and a ramp (StyleGAN2-ADA), instead of a fixed <see cref="EmaDecay"/>; null = none.</summary>
    public EmaWarmup? EmaWarmup { get; init; }

    /// <summary>
    /// A differentiable augmentation of every image D sees (real and generated, in both players' D passes), as data: the
    /// <see cref="DiffAugment"/> policy the trainer builds (or the name of an <see cref="IAugmentation"/> of your own, passed
    /// to <see cref="GanTrainerBuilder.WithAugmentation"/>); null = none. Images only.
    /// </summary>
    public AugmentationSettings? Augmentation { get; init; }

    /// <summary>Adapts <see cref="Augmentation"/>'s probability to D's overfitting (StyleGAN2-ADA); null = always apply it.</summary>
    public AdaptiveAugmentationSettings? AdaptiveAugmentation { get; init; }

    /// <summary>
    /// Lazy regularizers (interval k &gt; 1) take a D optimizer step of their own, as in StyleGAN2, and D's Adam is adjusted
    /// for those extra steps: learning rate × c and betas^c, c = k/(k + 1) (Adam only; other optimizers are refused).
    /// False (default): they are added to that D update's loss and D's optimizer is used as given.
    /// </summary>
    public bool SeparateLazyRegularization { get; init; }

    /// <summary>The seed of every random choice the trainer makes (latents, shuffling, interpolation, noise).</summary>
    public long Seed { get; init; }

    /// <summary>The target for real samples in cross-entropy and least-squares losses; below 1 is one-sided label smoothing (e.g. 0.9).</summary>
    public double RealLabel { get; init; } = 1.0;

    /// <summary>
    /// The balance rule: skip D's update while its loss is below this floor (a skipped step computes no regularizers
    /// and does not advance their lazy interval). Null = never skip.
    /// </summary>
    public double? DiscriminatorLossFloor { get; init; }

    /// <summary>Instance noise: Gaussian noise of this standard deviation added to D's inputs, annealed linearly to 0.</summary>
    public double InstanceNoiseStd { get; init; }

    /// <summary>
    /// The number of steps S over which instance noise anneals to 0: step s uses σ·max(0, 1 − (s − 1)/S), so σ at
    /// step 1 and no noise from step S + 1 on.
    /// </summary>
    public long InstanceNoiseSteps { get; init; }

    /// <summary>Gradient-norm clipping for both players, or null for none.</summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>Where checkpoints are written, or null for none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Write a checkpoint every this many steps (and at the end, and on cancellation).</summary>
    public int CheckpointEvery { get; init; } = 1000;

    /// <summary>Keep this many newest checkpoints.</summary>
    public int CheckpointKeep { get; init; } = 3;

    /// <summary>What to do when a loss or a gradient becomes NaN or infinite.</summary>
    public DivergencePolicy DivergencePolicy { get; init; } = DivergencePolicy.Stop;

    /// <summary>Report progress (and log) every this many steps. Default 10.</summary>
    public int ProgressInterval { get; init; } = 10;

    /// <summary>The options as JSON, the form checkpoints store them in.</summary>
    /// <returns>Indented JSON; losses, regularizers, optimizers and schedules carry a <c>type</c> property.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, GanKitJson.Options);

    /// <summary>Reads options written by <see cref="ToJson"/> (not validated: <see cref="GanTrainerBuilder.Build"/> does that).</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The options; properties missing from the JSON keep their defaults.</returns>
    /// <exception cref="JsonException">The text is not valid options JSON (e.g. an unknown <c>type</c>).</exception>
    public static GanTrainerOptions FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(() => JsonSerializer.Deserialize<GanTrainerOptions>(json, GanKitJson.Options));
    }

    internal JsonElement ToJsonElement() => JsonSerializer.SerializeToElement(this, GanKitJson.Options);

    /// <summary>
    /// Progressive growing: the schedule by which the trainer sets the level and fade-in α of progressive networks
    /// (<see cref="Models.IProgressiveNetwork"/>) before every step; null trains at full size.
    /// </summary>
    public ProgressiveSchedule? Progressive { get; init; }

    internal static GanTrainerOptions FromJsonElement(JsonElement json) => Read(() => json.Deserialize<GanTrainerOptions>(GanKitJson.Options));

    // System.Text.Json reports a polymorphic object without its "type" as NotSupportedException: that is bad JSON too.
    private static GanTrainerOptions Read(Func<GanTrainerOptions?> read)
    {
        try
        {
            return read() ?? throw new JsonException("The options JSON is null.");
        }
        catch (NotSupportedException ex)
        {
            throw new JsonException($"The options JSON is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>The checks that need nothing but the options; the builder adds those that depend on the models.</summary>
    internal void Validate(ValidationErrors errors)
    {
        if (Loss is null) errors.Add("The loss is null.");
        else Loss.Validate(errors);
        if (GeneratorOptimizer is null) errors.Add("The generator optimizer is null.");
        else GeneratorOptimizer.Validate(errors, "generator");
        if (DiscriminatorOptimizer is null) errors.Add("The discriminator optimizer is null.");
        else DiscriminatorOptimizer.Validate(errors, "discriminator");
        if (LearningRateSchedule is null) errors.Add("The learning-rate schedule is null; use LearningRateSchedule.Constant.");
        else LearningRateSchedule.Validate(errors);
        foreach (var r in Regularizers)
        {
            if (r is null) errors.Add("A regularizer is null.");
            else r.Validate(errors);
        }

        errors.Require(BatchSize >= 1, $"The batch size must be at least 1; got {BatchSize}.");
        errors.Require(CriticSteps >= 1, $"The number of critic steps must be at least 1; got {CriticSteps}.");
        if (EmaDecay is { } ema) errors.Require(ema is >= 0 and < 1, $"The EMA decay must be in [0, 1); got {ema}.");
        if (EmaWarmup is { } warmup)
        {
            foreach (var problem in warmup.Problems()) errors.Add(problem);
            if (EmaDecay is not null) errors.Add("Choose either a fixed EMA decay or an EMA warm-up, not both.");
        }

        if (Augmentation is { } augmentation) augmentation.Validate(errors);
        if (AdaptiveAugmentation is { } ada)
        {
            if (Augmentation is null) errors.Add("Adaptive augmentation needs an augmentation; pass one to WithAugmentation(...).");
            errors.Require(ada.Target is > -1 and < 1, $"The adaptive augmentation target must be in (−1, 1); got {ada.Target}.");
            errors.Require(ada.AdjustmentImages > 0 && double.IsFinite(ada.AdjustmentImages), $"The adaptive augmentation speed must be positive and finite; got {ada.AdjustmentImages} images.");
            errors.Require(ada.Interval >= 1, $"The adaptive augmentation interval must be at least 1; got {ada.Interval}.");
            errors.Require(ada.InitialProbability is >= 0 and <= 1, $"The initial augmentation probability must be in [0, 1]; got {ada.InitialProbability}.");
        }

        if (SeparateLazyRegularization)
        {
            if (Regularizers.Where(r => r is not null && r.Interval > 1).Select(r => r.Interval).Distinct().Count() > 1)
                errors.Add("With separate lazy regularization every lazy regularizer must share one interval (D's Adam adjustment depends on it).");
            if (DiscriminatorOptimizer is not null and not AdamSettings and not AdamWSettings)
                errors.Add("Separate lazy regularization adjusts D's Adam (learning rate × c, betas^c); it needs Adam or AdamW for the discriminator.");
        }
        errors.Require(RealLabel is > 0.5 and <= 1, $"The real label must be in (0.5, 1]; got {RealLabel}.");
        if (DiscriminatorLossFloor is { } floor) errors.Require(double.IsFinite(floor), $"The discriminator loss floor must be finite; got {floor}.");
        errors.RequireNonNegative(InstanceNoiseStd, "The instance-noise standard deviation");
        if (InstanceNoiseStd > 0) errors.Require(InstanceNoiseSteps >= 1, $"Instance noise needs an annealing length of at least 1 step; got {InstanceNoiseSteps}.");
        if (MaxGradientNorm is { } clip) errors.RequirePositive(clip, "The gradient-clipping norm");
        if (CheckpointDirectory is not null)
        {
            errors.Require(!string.IsNullOrWhiteSpace(CheckpointDirectory), "The checkpoint folder is empty.");
            errors.Require(CheckpointEvery >= 1, $"Checkpoints must be written every 1 or more steps; got {CheckpointEvery}.");
            errors.Require(CheckpointKeep >= 1, $"At least one checkpoint must be kept; got {CheckpointKeep}.");
        }

        if (DivergencePolicy == DivergencePolicy.RollBackToCheckpoint && CheckpointDirectory is null)
            errors.Add("Rolling back on divergence needs checkpoints; call WithCheckpoints(...).");
        errors.Require(Enum.IsDefined(DivergencePolicy), $"The divergence policy {(int)DivergencePolicy} is not defined.");
        errors.Require(ProgressInterval >= 1, $"The progress interval must be at least 1; got {ProgressInterval}.");
    }
}
