using GanKit.Augmentation;
using GanKit.Configuration;
using GanKit.Losses;
using GanKit.Models;
using GanKit.Models.Layers;
using GanKit.Regularizers;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Training;

/// <summary>Builds a <see cref="GanTrainer"/>; <see cref="Build"/> validates every option at once and lists all problems.</summary>
public sealed class GanTrainerBuilder
{
    private readonly Generator _generator;
    private readonly Discriminator _discriminator;
    private GanTrainerOptions _options = new();
    private readonly List<IDiscriminatorRegularizer> _regularizers = [];
    private readonly List<TrainingCallback> _callbacks = [];
    private readonly List<string> _argumentProblems = [];

    internal GanTrainerBuilder(Generator generator, Discriminator discriminator)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _discriminator = discriminator ?? throw new ArgumentNullException(nameof(discriminator));
    }

    /// <summary>The adversarial loss (see <see cref="GanLosses"/>).</summary>
    /// <param name="loss">The loss.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithLoss(IGanLoss loss)
    {
        _options = _options with { Loss = loss ?? throw new ArgumentNullException(nameof(loss)) };
        return this;
    }

    /// <summary>Separate optimizers for the two players (two time-scale update rule when the rates differ).</summary>
    /// <param name="generator">G's optimizer.</param>
    /// <param name="discriminator">D's optimizer.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithOptimizers(OptimizerSettings generator, OptimizerSettings discriminator)
    {
        _options = _options with
        {
            GeneratorOptimizer = generator ?? throw new ArgumentNullException(nameof(generator)),
            DiscriminatorOptimizer = discriminator ?? throw new ArgumentNullException(nameof(discriminator)),
        };
        return this;
    }

    /// <summary>The batch size (default 64).</summary>
    /// <param name="batchSize">Samples per step; divisible by the discriminator's pack size.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithBatchSize(int batchSize)
    {
        _options = _options with { BatchSize = batchSize };
        return this;
    }

    /// <summary>Discriminator (critic) steps per generator step (5 is usual for WGAN-GP).</summary>
    /// <param name="steps">At least 1.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithCriticSteps(int steps)
    {
        _options = _options with { CriticSteps = steps };
        return this;
    }

    /// <summary>
    /// Adds the R1 penalty on real samples (as D sees them, i.e. with instance noise when on). A lazy penalty is added,
    /// × <paramref name="interval"/>, to every <paramref name="interval"/>-th applied D update, with D's optimizer
    /// settings unchanged; see <see cref="R1Penalty"/>.
    /// </summary>
    /// <param name="gamma">The weight γ (10 is common at 64 px and above; 0.1–1 for small images).</param>
    /// <param name="interval">Apply lazily every this many steps (1 = every step).</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithR1Penalty(double gamma, int interval = 1)
    {
        if (!(gamma > 0) || double.IsInfinity(gamma)) _argumentProblems.Add($"The R1 weight γ must be positive and finite; got {gamma}.");
        else if (interval < 1) _argumentProblems.Add($"The R1 interval must be at least 1; got {interval}.");
        else _regularizers.Add(new R1Penalty(gamma, interval));
        return this;
    }

    /// <summary>Adds the R2 penalty on generated samples as D sees them (R3GAN uses R1 and R2 together); see <see cref="R2Penalty"/>.</summary>
    /// <param name="gamma">The weight γ.</param>
    /// <param name="interval">Apply lazily every this many steps (1 = every step).</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithR2Penalty(double gamma, int interval = 1)
    {
        if (!(gamma > 0) || double.IsInfinity(gamma)) _argumentProblems.Add($"The R2 weight γ must be positive and finite; got {gamma}.");
        else if (interval < 1) _argumentProblems.Add($"The R2 interval must be at least 1; got {interval}.");
        else _regularizers.Add(new R2Penalty(gamma, interval));
        return this;
    }

    /// <summary>
    /// Lazy regularizers take a D optimizer step of their own, as in StyleGAN2, with StyleGAN2's Adam adjustment of D's
    /// optimizer (learning rate × c, betas^c, c = k/(k + 1)); every lazy regularizer must then share one interval k.
    /// </summary>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithSeparateLazyRegularization()
    {
        _options = _options with { SeparateLazyRegularization = true };
        return this;
    }

    /// <summary>
    /// Augments every image D sees with a differentiable augmentation (e.g. <see cref="DiffAugment.Default"/>): real and
    /// generated images, in both players' D passes. Optionally adapts the augmentation probability (StyleGAN2-ADA).
    /// </summary>
    /// <param name="augmentation">The augmentation.</param>
    /// <param name="adaptive">Controller settings, or null to always apply the augmentation.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithAugmentation(IAugmentation augmentation, AdaptiveAugmentationSettings? adaptive = null)
    {
        _options = _options with { Augmentation = augmentation ?? throw new ArgumentNullException(nameof(augmentation)), AdaptiveAugmentation = adaptive };
        return this;
    }

    /// <summary>
    /// Keeps an EMA of G's weights with StyleGAN2-ADA's schedule: a half-life in images that ramps up with training
    /// (see <see cref="EmaWarmup"/>); sampling then uses it. Replaces <see cref="WithEma"/>.
    /// </summary>
    /// <param name="halfLifeImages">The half-life in images once ramped up.</param>
    /// <param name="rampUp">At most this fraction of the images seen (0.05 in StyleGAN2-ADA); null = no ramp.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithEmaWarmup(double halfLifeImages, double? rampUp = 0.05)
    {
        _options = _options with { EmaWarmup = new EmaWarmup(halfLifeImages, rampUp), EmaDecay = null };
        return this;
    }

    /// <summary>Adds any discriminator regularizer.</summary>
    /// <param name="regularizer">The regularizer.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithRegularizer(IDiscriminatorRegularizer regularizer)
    {
        _regularizers.Add(regularizer ?? throw new ArgumentNullException(nameof(regularizer)));
        return this;
    }

    /// <summary>Keeps an exponential moving average of G's weights; sampling then uses it.</summary>
    /// <param name="decay">β in [0, 1), e.g. 0.999.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithEma(double decay)
    {
        _options = _options with { EmaDecay = decay, EmaWarmup = null };
        return this;
    }

    /// <summary>The seed of every random choice the trainer makes.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithSeed(long seed)
    {
        _options = _options with { Seed = seed };
        return this;
    }

    /// <summary>One-sided label smoothing (Salimans et al. 2016): real targets become <paramref name="realLabel"/> (e.g. 0.9).</summary>
    /// <param name="realLabel">In (0.5, 1].</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithLabelSmoothing(double realLabel = 0.9)
    {
        _options = _options with { RealLabel = realLabel };
        return this;
    }

    /// <summary>
    /// The classic balance rule: skip D's update while its loss is below <paramref name="floor"/>. A skipped critic
    /// step computes no regularizers and does not count towards a lazy regularizer's interval.
    /// </summary>
    /// <param name="floor">The loss floor (e.g. 0.3 for the cross-entropy loss).</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithDiscriminatorLossFloor(double floor)
    {
        _options = _options with { DiscriminatorLossFloor = floor };
        return this;
    }

    /// <summary>Instance noise (Sønderby et al. 2017): N(0, σ²) added to D's inputs, σ annealed linearly to 0.</summary>
    /// <param name="standardDeviation">The initial σ.</param>
    /// <param name="annealSteps">Steps until σ reaches 0.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithInstanceNoise(double standardDeviation, long annealSteps)
    {
        _options = _options with { InstanceNoiseStd = standardDeviation, InstanceNoiseSteps = annealSteps };
        return this;
    }

    /// <summary>Clips both players' gradient norms.</summary>
    /// <param name="maxNorm">The largest allowed L2 norm.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithGradientClipping(double maxNorm)
    {
        _options = _options with { MaxGradientNorm = maxNorm };
        return this;
    }

    /// <summary>Decays both learning rates linearly between two steps.</summary>
    /// <param name="fromStep">The step decay starts at.</param>
    /// <param name="toStep">The step decay ends at.</param>
    /// <param name="finalFactor">The fraction of the initial rate reached at <paramref name="toStep"/>.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithLinearLearningRateDecay(long fromStep, long toStep, double finalFactor = 0)
    {
        _options = _options with { LearningRateDecayStart = fromStep, LearningRateDecayEnd = toStep, LearningRateDecayFinalFactor = finalFactor };
        return this;
    }

    /// <summary>Writes checkpoints into a run folder; a later <see cref="GanTrainer.TrainAsync"/> resumes from the newest.</summary>
    /// <param name="directory">The run folder.</param>
    /// <param name="every">Steps between checkpoints.</param>
    /// <param name="keep">How many newest checkpoints to keep.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithCheckpoints(string directory, int every = 1000, int keep = 3)
    {
        _options = _options with { CheckpointDirectory = directory, CheckpointEvery = every, CheckpointKeep = keep };
        return this;
    }

    /// <summary>What to do when a loss or a gradient becomes NaN or infinite (default: stop with an exception).</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder OnDivergence(DivergencePolicy policy)
    {
        _options = _options with { DivergencePolicy = policy };
        return this;
    }

    /// <summary>Sends logs to a logger factory.</summary>
    /// <param name="loggerFactory">The factory.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithLogging(ILoggerFactory loggerFactory)
    {
        _options = _options with { LoggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory)) };
        return this;
    }

    /// <summary>How often progress is reported and logged (default every 10 steps).</summary>
    /// <param name="steps">The interval.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithProgressInterval(int steps)
    {
        _options = _options with { ProgressInterval = steps };
        return this;
    }

    /// <summary>Trains on a device (moves both models there).</summary>
    /// <param name="device">The device; see <see cref="Runtime.ComputeDevice"/>.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder OnDevice(Device device)
    {
        _options = _options with { Device = device ?? throw new ArgumentNullException(nameof(device)) };
        return this;
    }

    /// <summary>Runs <paramref name="action"/> on the training thread every <paramref name="every"/> steps.</summary>
    /// <param name="every">The interval in steps.</param>
    /// <param name="action">The callback.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder OnStep(int every, Action<GanTrainer, TrainingProgress> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (every < 1) _argumentProblems.Add($"A callback interval must be at least 1; got {every}.");
        else _callbacks.Add(new TrainingCallback(every, action));
        return this;
    }

    /// <summary>Validates every option and creates the trainer.</summary>
    /// <returns>The trainer.</returns>
    /// <exception cref="GanKitConfigurationException">One or more options are invalid; the message lists all of them.</exception>
    public GanTrainer Build()
    {
        var options = _options with { Regularizers = _regularizers.ToArray(), Callbacks = _callbacks.ToArray() };
        var errors = new ValidationErrors();
        foreach (var p in _argumentProblems) errors.Add(p);
        Validate(options, errors);
        errors.ThrowIfAny("GanTrainer");
        return new GanTrainer(_generator, _discriminator, options);
    }

    private void Validate(GanTrainerOptions o, ValidationErrors errors)
    {
        var g = _generator.Descriptor;
        var d = _discriminator.Descriptor;
        if (!g.SampleShape.SequenceEqual(d.SampleShape))
            errors.Add($"The generator makes samples of shape [{string.Join(",", g.SampleShape)}] but the discriminator expects [{string.Join(",", d.SampleShape)}].");
        if (d.ClassCount is not null && g.ClassCount is null)
            errors.Add($"The discriminator is conditional on {d.ClassCount} classes but the generator has no class count; call WithClasses({d.ClassCount}) on the generator builder.");
        if (g.ClassCount is not null && d.ClassCount is not null && g.ClassCount != d.ClassCount)
            errors.Add($"The generator has {g.ClassCount} classes but the discriminator has {d.ClassCount}.");
        if (g.ClassCount is not null && d.ClassCount is null)
            errors.Add($"The generator is conditional on {g.ClassCount} classes but the discriminator is not; call WithClasses({g.ClassCount}) on the discriminator builder so D can judge the class.");
        if (o.EmaDecay is not null && !_generator.CanCreateCopy)
            errors.Add("An EMA of the generator needs a second instance of its module; pass a factory to Generator.FromModule(module, descriptor, factory).");

        o.GeneratorOptimizer.Validate(errors, "generator");
        o.DiscriminatorOptimizer.Validate(errors, "discriminator");
        errors.Require(o.BatchSize >= 1, $"The batch size must be at least 1; got {o.BatchSize}.");
        if (o.BatchSize >= 1 && o.BatchSize % d.PackSize != 0)
            errors.Add($"The batch size ({o.BatchSize}) must be divisible by the discriminator's pack size ({d.PackSize}).");
        else if (o.BatchSize >= 1 && _discriminator.Module.modules().OfType<MinibatchStdDev>()
                     .FirstOrDefault(m => !MinibatchStdDev.Fits(m.GroupSize, o.BatchSize / d.PackSize)) is { } layer)
            errors.Add($"The discriminator's minibatch standard-deviation layer sees {o.BatchSize / d.PackSize} inputs per batch " +
                       $"(batch size {o.BatchSize} / pack size {d.PackSize}), which do not divide into groups of {layer.GroupSize}; " +
                       $"make batch size / pack size a multiple of {layer.GroupSize} (or smaller than it).");
        errors.Require(o.CriticSteps >= 1, $"The number of critic steps must be at least 1; got {o.CriticSteps}.");
        if (o.EmaDecay is { } ema) errors.Require(ema is >= 0 and < 1, $"The EMA decay must be in [0, 1); got {ema}.");
        if (o.EmaWarmup is { } warmup) foreach (var problem in warmup.Problems()) errors.Add(problem);
        if (o.Augmentation is not null && _generator.OutputShape.Count != 3)
            errors.Add($"Augmentation works on images; the models produce [{string.Join(",", _generator.OutputShape)}].");
        if (o.AdaptiveAugmentation is { } ada)
        {
            if (o.Augmentation is null) errors.Add("Adaptive augmentation needs an augmentation; pass one to WithAugmentation(...).");
            errors.Require(ada.Target is > -1 and < 1, $"The adaptive augmentation target must be in (−1, 1); got {ada.Target}.");
            errors.Require(ada.AdjustmentImages > 0 && double.IsFinite(ada.AdjustmentImages), $"The adaptive augmentation speed must be positive and finite; got {ada.AdjustmentImages} images.");
            errors.Require(ada.Interval >= 1, $"The adaptive augmentation interval must be at least 1; got {ada.Interval}.");
            errors.Require(ada.InitialProbability is >= 0 and <= 1, $"The initial augmentation probability must be in [0, 1]; got {ada.InitialProbability}.");
        }

        if (o.SeparateLazyRegularization && o.AllRegularizers.Where(r => r.Interval > 1).Select(r => r.Interval).Distinct().Count() > 1)
            errors.Add("With separate lazy regularization every lazy regularizer must share one interval (D's Adam adjustment depends on it).");
        errors.Require(o.RealLabel is > 0.5 and <= 1, $"The real label must be in (0.5, 1]; got {o.RealLabel}.");
        if (o.RealLabel < 1 && !o.Loss.SupportsLabelSmoothing)
            errors.Add($"Label smoothing has no meaning for the {o.Loss.Name} loss; it applies to the cross-entropy and least-squares losses.");
        if (o.DiscriminatorLossFloor is { } floor) errors.Require(double.IsFinite(floor), $"The discriminator loss floor must be finite; got {floor}.");
        errors.RequireNonNegative(o.InstanceNoiseStd, "The instance-noise standard deviation");
        if (o.InstanceNoiseStd > 0) errors.Require(o.InstanceNoiseSteps >= 1, $"Instance noise needs an annealing length of at least 1 step; got {o.InstanceNoiseSteps}.");
        if (o.MaxGradientNorm is { } clip) errors.RequirePositive(clip, "The gradient-clipping norm");
        if (o.LearningRateDecayStart is { } from && o.LearningRateDecayEnd is { } to)
        {
            errors.Require(from >= 0 && to > from, $"Learning-rate decay needs 0 ≤ from < to; got {from} to {to}.");
            errors.Require(o.LearningRateDecayFinalFactor is >= 0 and <= 1, $"The final learning-rate factor must be in [0, 1]; got {o.LearningRateDecayFinalFactor}.");
        }

        if (o.CheckpointDirectory is not null)
        {
            errors.Require(!string.IsNullOrWhiteSpace(o.CheckpointDirectory), "The checkpoint folder is empty.");
            errors.Require(o.CheckpointEvery >= 1, $"Checkpoints must be written every 1 or more steps; got {o.CheckpointEvery}.");
            errors.Require(o.CheckpointKeep >= 1, $"At least one checkpoint must be kept; got {o.CheckpointKeep}.");
        }

        if (o.DivergencePolicy == DivergencePolicy.RollBackToCheckpoint && o.CheckpointDirectory is null)
            errors.Add("Rolling back on divergence needs checkpoints; call WithCheckpoints(...).");
        errors.Require(o.ProgressInterval >= 1, $"The progress interval must be at least 1; got {o.ProgressInterval}.");
        if (HasBatchNorm(_discriminator.Module) && o.AllRegularizers.Any(r => r is GradientPenalty))
            errors.Add("The gradient penalty is computed per sample, which batch norm in the discriminator breaks; build the discriminator WithoutBatchNorm() or WithSpectralNorm() (or leave batch norm out of your own module).");
        if (o.Device is null && (_discriminator.Device.type != _generator.Device.type || _discriminator.Device.index != _generator.Device.index))
            errors.Add($"The generator is on {_generator.Device} but the discriminator on {_discriminator.Device}; move them together or call OnDevice(...).");
    }

    private static bool HasBatchNorm(TorchSharp.torch.nn.Module module) =>
        module.modules().Any(m => m is TorchSharp.Modules.BatchNorm1d or TorchSharp.Modules.BatchNorm2d or TorchSharp.Modules.BatchNorm3d);
}
