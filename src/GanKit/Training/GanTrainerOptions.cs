using GanKit.Augmentation;
using GanKit.Losses;
using GanKit.Regularizers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static TorchSharp.torch;

namespace GanKit.Training;

/// <summary>Every setting of a <see cref="GanTrainer"/>, validated by <see cref="GanTrainerBuilder.Build"/>. Defaults follow DCGAN.</summary>
public sealed record GanTrainerOptions
{
    /// <summary>The adversarial loss. Default non-saturating.</summary>
    public IGanLoss Loss { get; init; } = GanLosses.NonSaturating;

    /// <summary>The generator's optimizer. Default Adam(2e-4, 0.5, 0.999).</summary>
    public OptimizerSettings GeneratorOptimizer { get; init; } = OptimizerSettings.Adam();

    /// <summary>The discriminator's optimizer. Default Adam(2e-4, 0.5, 0.999).</summary>
    public OptimizerSettings DiscriminatorOptimizer { get; init; } = OptimizerSettings.Adam();

    /// <summary>Real samples per discriminator step (and generated samples per step). Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Discriminator steps per generator step (n_critic). Default 1.</summary>
    public int CriticSteps { get; init; } = 1;

    /// <summary>Extra discriminator regularizers (R1, gradient penalty), besides those the loss requires.</summary>
    public IReadOnlyList<IDiscriminatorRegularizer> Regularizers { get; init; } = [];

    /// <summary>EMA decay of the generator's weights, or null for no EMA (or for <see cref="EmaWarmup"/>).</summary>
    public double? EmaDecay { get; init; }

    /// <summary>An EMA with a half-life in images and a ramp (StyleGAN2-ADA), instead of a fixed <see cref="EmaDecay"/>; null = none.</summary>
    public EmaWarmup? EmaWarmup { get; init; }

    /// <summary>
    /// A differentiable augmentation of every image D sees (real and generated, in both players' D passes), e.g.
    /// <see cref="DiffAugment"/>; null = none. Images only.
    /// </summary>
    public IAugmentation? Augmentation { get; init; }

    /// <summary>Adapts <see cref="Augmentation"/>'s probability to D's overfitting (StyleGAN2-ADA); null = always apply it.</summary>
    public AdaptiveAugmentationSettings? AdaptiveAugmentation { get; init; }

    /// <summary>
    /// Lazy regularizers (interval k &gt; 1) take a D optimizer step of their own, as in StyleGAN2, and D's Adam is adjusted
    /// for those extra steps: learning rate × c and betas^c, c = k/(k + 1). False (default): they are added to that D
    /// update's loss and D's optimizer is used as given.
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

    /// <summary>Linear learning-rate decay: from this step on...</summary>
    public long? LearningRateDecayStart { get; init; }

    /// <summary>...to this step, where the rate reaches <see cref="LearningRateDecayFinalFactor"/> times the initial rate.</summary>
    public long? LearningRateDecayEnd { get; init; }

    /// <summary>The factor the learning rate ends at (0 = decays to zero).</summary>
    public double LearningRateDecayFinalFactor { get; init; }

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

    /// <summary>Where the logs go. Default none.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The device to train on; null = where the generator already is.</summary>
    public Device? Device { get; init; }

    /// <summary>Callbacks run on the training thread every N steps, e.g. to write a sample grid or evaluate.</summary>
    public IReadOnlyList<TrainingCallback> Callbacks { get; init; } = [];

    /// <summary>Every regularizer that runs: the loss's own, then the configured ones.</summary>
    public IReadOnlyList<IDiscriminatorRegularizer> AllRegularizers => [.. Loss.RequiredRegularizers, .. Regularizers];

    internal string Describe() =>
        $"loss={Loss.Name}; batch={BatchSize}; critic={CriticSteps}; g={GeneratorOptimizer}; d={DiscriminatorOptimizer}; " +
        $"regularizers=[{string.Join(",", AllRegularizers.Select(r => r.Name + (r.Interval > 1 ? "/" + r.Interval : "")))}]{(SeparateLazyRegularization ? " separate" : "")}; ema={EmaDecay}{EmaWarmup}; augment={Augmentation?.Name}{AdaptiveAugmentation}; seed={Seed}; realLabel={RealLabel}; " +
        $"floor={DiscriminatorLossFloor}; noise={InstanceNoiseStd}/{InstanceNoiseSteps}; clip={MaxGradientNorm}; " +
        $"lrDecay={LearningRateDecayStart}-{LearningRateDecayEnd}x{LearningRateDecayFinalFactor}";
}

/// <summary>A callback run on the training thread every <paramref name="Every"/> steps.</summary>
/// <param name="Every">The interval in steps.</param>
/// <param name="Action">What to run; it receives the trainer and the step's progress.</param>
public sealed record TrainingCallback(int Every, Action<GanTrainer, TrainingProgress> Action);
