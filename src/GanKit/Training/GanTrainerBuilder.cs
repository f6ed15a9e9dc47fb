using GanKit.Augmentation;
using GanKit.Configuration;
using GanKit.Losses;
using GanKit.Models;
using GanKit.Models.Layers;
using GanKit.Regularizers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Training;

/// <summary>Builds a <see cref="GanTrainer"/>; <see cref="Build"/> validates every option at once and lists all problems.</summary>
public sealed class GanTrainerBuilder
{
    private readonly Generator _generator;
    private readonly Discriminator _discriminator;
    private GanTrainerOptions _options = new();
    private IGanLoss? _customLoss;
    private IAugmentation? _customAugmentation;
    private readonly Dictionary<string, IDiscriminatorRegularizer> _customRegularizers = [];
    private readonly Dictionary<string, OptimizerFactory> _optimizerFactories = [];
    private readonly List<TrainingCallback> _callbacks = [];
    private readonly List<string> _argumentProblems = [];
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;
    private Device? _device;

    private IDataParallelCommunicator? _communicator;

    // The data options set so far (recipes apply themselves to them).
    internal GanTrainerOptions CurrentOptions => _options;

    internal GanTrainerBuilder(Generator generator, Discriminator discriminator)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _discriminator = discriminator ?? throw new ArgumentNullException(nameof(discriminator));
    }

    /// <summary>
    /// Starts from a whole options record (e.g. read back with <see cref="GanTrainerOptions.FromJson"/> or from a
    /// checkpoint's <see cref="Checkpoints.CheckpointInfo.Options"/>). It replaces every data setting made before; the
    /// behaviour passed to this builder (logging, device, callbacks, instances of your own losses, regularizers and
    /// optimizer factories) is kept, so call it first and add behaviour after.
    /// </summary>
    /// <param name="options">The options; <see cref="Build"/> validates them.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithOptions(GanTrainerOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        return this;
    }

    /// <summary>
    /// The adversarial loss: a built-in one from <see cref="GanLosses"/>, or any <see cref="IGanLoss"/> of your own
    /// (the options then name it with a <see cref="CustomLoss"/>; resuming needs the same instance passed here again).
    /// </summary>
    /// <param name="loss">The loss.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithLoss(IGanLoss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss is GanLoss data and not CustomLoss)
        {
            _options = _options with { Loss = data };
        }
        else
        {
            if (loss is not CustomLoss) _customLoss = loss;
            _options = _options with { Loss = new CustomLoss(loss.Name) };
        }

        return this;
    }

    /// <summary>Separate optimizers for the two players (two time-scale update rule when the rates differ).</summary>
    /// <param name="generator">G's optimizer (see <see cref="OptimizerSettings"/>).</param>
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
    public GanTrainerBuilder WithR1Penalty(double gamma, int interval = 1) => WithRegularizer(new R1Penalty(gamma, interval));

    /// <summary>Adds the R2 penalty on generated samples as D sees them (R3GAN uses R1 and R2 together); see <see cref="R2Penalty"/>.</summary>
    /// <param name="gamma">The weight γ.</param>
    /// <param name="interval">Apply lazily every this many steps (1 = every step).</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithR2Penalty(double gamma, int interval = 1) => WithRegularizer(new R2Penalty(gamma, interval));

    /// <summary>
    /// Lazy regularizers take a D optimizer step of their own, as in StyleGAN2, with StyleGAN2's Adam adjustment of D's
    /// optimizer (learning rate × c, betas^c, c = k/(k + 1)); every lazy regularizer must then share one interval k, and
    /// D's optimizer must be Adam (or AdamW). Sets <see cref="GanTrainerOptions.SeparateLazyRegularization"/>.
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
    /// A <see cref="DiffAugment"/> is stored in the options as its policy (<see cref="AugmentationSettings"/>); an
    /// augmentation of your own is stored by name, and resuming needs its instance passed here again.
    /// </summary>
    /// <param name="augmentation">The augmentation.</param>
    /// <param name="adaptive">Controller settings, or null to always apply the augmentation.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithAugmentation(IAugmentation augmentation, AdaptiveAugmentationSettings? adaptive = null)
    {
        ArgumentNullException.ThrowIfNull(augmentation);
        AugmentationSettings settings;
        if (augmentation is DiffAugment diff)
        {
            settings = AugmentationSettings.From(diff);
            _customAugmentation = null;
        }
        else
        {
            settings = new AugmentationSettings(augmentation.Name);
            _customAugmentation = augmentation;
        }

        _options = _options with { Augmentation = settings, AdaptiveAugmentation = adaptive };
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

    /// <summary>
    /// Adds a discriminator regularizer: a built-in <see cref="DiscriminatorRegularizer"/>, or any
    /// <see cref="IDiscriminatorRegularizer"/> of your own (the options then name it with a <see cref="CustomRegularizer"/>;
    /// names must be unique, and resuming needs the same instance passed here again). When the options already name a
    /// regularizer of your own (after <see cref="WithOptions"/>), passing an instance of that name supplies it without adding another.
    /// </summary>
    /// <param name="regularizer">The regularizer.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithRegularizer(IDiscriminatorRegularizer regularizer)
    {
        ArgumentNullException.ThrowIfNull(regularizer);
        DiscriminatorRegularizer data;
        if (regularizer is DiscriminatorRegularizer builtIn and not CustomRegularizer)
        {
            data = builtIn;
        }
        else if (regularizer is CustomRegularizer placeholder)
        {
            data = placeholder;
        }
        else
        {
            if (!_customRegularizers.TryAdd(regularizer.Name, regularizer))
            {
                _argumentProblems.Add($"Two regularizers of your own are named '{regularizer.Name}'; give each a unique name.");
                return this;
            }

            // Options from WithOptions (e.g. read from a checkpoint) already name it: this call only supplies the instance.
            if (_options.Regularizers.Any(r => r is CustomRegularizer c && c.RegularizerName == regularizer.Name)) return this;
            data = new CustomRegularizer(regularizer.Name, regularizer.Interval);
        }

        _options = _options with { Regularizers = [.. _options.Regularizers, data] };
        return this;
    }

    /// <summary>
    /// Registers an optimizer factory of your own under <paramref name="name"/>, for players whose options are
    /// <see cref="OptimizerSettings.Custom"/>(<paramref name="name"/>, …). Resuming needs the same registration.
    /// </summary>
    /// <param name="name">The name the options use.</param>
    /// <param name="factory">Creates the optimizer.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithOptimizerFactory(string name, OptimizerFactory factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _optimizerFactories[name] = factory ?? throw new ArgumentNullException(nameof(factory));
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

    /// <summary>How both learning rates change over training (constant, linear decay, cosine, warm-up; see <see cref="LearningRateSchedule"/>).</summary>
    /// <param name="schedule">The schedule.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithLearningRateSchedule(LearningRateSchedule schedule)
    {
        _options = _options with { LearningRateSchedule = schedule ?? throw new ArgumentNullException(nameof(schedule)) };
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
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
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

    /// <summary>
    /// Grows the networks progressively (Karras et al. 2018) by <paramref name="schedule"/>: before every step the
    /// trainer sets their level and fade-in α from the images shown so far. Both players must be progressive networks
    /// (<c>UseProgressive()</c> on both builders, or modules implementing <see cref="Models.IProgressiveNetwork"/>).
    /// </summary>
    /// <param name="schedule">The schedule.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithProgressiveGrowing(ProgressiveSchedule schedule)
    {
        _options = _options with { Progressive = schedule ?? throw new ArgumentNullException(nameof(schedule)) };
        return this;
    }

    /// <summary>Trains on a device (moves both models there).</summary>
    /// <param name="device">The device; see <see cref="Runtime.ComputeDevice"/>.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder OnDevice(Device device)
    {
        _device = device ?? throw new ArgumentNullException(nameof(device));
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

    /// <summary>
    /// Trains data-parallel across the ranks of <paramref name="communicator"/> (e.g. GanKit.Distributed's
    /// <c>MpiCommunicator</c> under <c>mpirun</c>): every rank builds the same trainer and calls the same training
    /// methods; <see cref="WithBatchSize"/> is then the batch of one rank, and N ranks train exactly like one process
    /// with an N times larger batch (same data order, same latents). Rank 0's models, optimizers and random stream are
    /// copied to the others when training starts; D's and G's gradients are averaged before every optimizer step;
    /// batch-norm statistics stay per rank; only rank 0 logs, reports progress, runs callbacks and writes checkpoints.
    /// </summary>
    /// <param name="communicator">The process group.</param>
    /// <returns>This builder.</returns>
    public GanTrainerBuilder WithDataParallel(IDataParallelCommunicator communicator)
    {
        _communicator = communicator ?? throw new ArgumentNullException(nameof(communicator));
        return this;
    }

    /// <summary>Validates every option and creates the trainer.</summary>
    /// <returns>The trainer.</returns>
    /// <exception cref="GanKitConfigurationException">One or more options are invalid; the message lists all of them.</exception>
    public GanTrainer Build()
    {
        var options = _options;
        var errors = new ValidationErrors();
        foreach (var p in _argumentProblems) errors.Add(p);
        options.Validate(errors);
        var behaviour = Resolve(options, errors);
        Validate(options, behaviour, errors);
        errors.ThrowIfAny("GanTrainer");
        return new GanTrainer(_generator, _discriminator, options, behaviour, _communicator);
    }

    // Pairs the options' names of things of the user's own with the instances given to this builder.
    private TrainerBehaviour Resolve(GanTrainerOptions o, ValidationErrors errors)
    {
        IGanLoss loss = o.Loss;
        if (o.Loss is CustomLoss custom)
        {
            if (_customLoss is null) errors.Add($"The options name the loss '{custom.LossName}' of your own; pass its instance with WithLoss(...).");
            else if (_customLoss.Name != custom.LossName) errors.Add($"The options name the loss '{custom.LossName}' but the instance given to WithLoss is named '{_customLoss.Name}'.");
            else loss = _customLoss;
        }

        var regularizers = new List<IDiscriminatorRegularizer>();
        if (o.Loss is not null) regularizers.AddRange(loss.RequiredRegularizers);
        foreach (var r in o.Regularizers)
        {
            if (r is not CustomRegularizer c) regularizers.Add(r);
            else if (_customRegularizers.TryGetValue(c.RegularizerName, out var instance)) regularizers.Add(instance);
            else errors.Add($"The options name the regularizer '{c.RegularizerName}' of your own; pass its instance with WithRegularizer(...).");
        }

        foreach (var (player, optimizer) in new[] { ("generator", o.GeneratorOptimizer), ("discriminator", o.DiscriminatorOptimizer) })
        {
            if (optimizer is CustomOptimizerSettings { Name: var name } && !string.IsNullOrWhiteSpace(name) && !_optimizerFactories.ContainsKey(name))
                errors.Add($"The {player} optimizer is the custom '{name}', but no factory is registered under that name; call WithOptimizerFactory(\"{name}\", ...).");
        }

        IAugmentation? augmentation = null;
        if (o.Augmentation is { } a)
        {
            if (_customAugmentation is not null && _customAugmentation.Name == a.Policy) augmentation = _customAugmentation;
            else if (a.TryCreate() is { } diff) augmentation = diff;
            else errors.Add($"The options name the augmentation '{a.Policy}', which is not a DiffAugment policy; pass your augmentation's instance with WithAugmentation(...).");
        }

        return new TrainerBehaviour(loss, regularizers.ToArray(), new Dictionary<string, OptimizerFactory>(_optimizerFactories), _loggerFactory, _device, _callbacks.ToArray(), augmentation);
    }

    private void Validate(GanTrainerOptions o, TrainerBehaviour behaviour, ValidationErrors errors)
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
        if (o.Augmentation is not null && g.SampleShape.Count != 3)
            errors.Add($"Augmentation works on images; the models produce [{string.Join(",", g.SampleShape)}].");
        if (o.Augmentation is not null && _discriminator.IsMultiScale)
            errors.Add("Augmentation works on single images; a multi-scale (MSG-GAN) discriminator takes packed pyramids.");
        if ((o.EmaDecay is not null || o.EmaWarmup is not null) && !_generator.CanCreateCopy)
            errors.Add("An EMA of the generator needs a second instance of its module; pass a factory to Generator.FromModule(module, descriptor, factory).");

        if (o.BatchSize >= 1 && o.BatchSize % d.PackSize != 0)
            errors.Add($"The batch size ({o.BatchSize}) must be divisible by the discriminator's pack size ({d.PackSize}).");
        else if (o.BatchSize >= 1 && _discriminator.Module.modules().OfType<MinibatchStdDev>()
                     .FirstOrDefault(m => !MinibatchStdDev.Fits(m.GroupSize, o.BatchSize / d.PackSize)) is { } layer)
            errors.Add($"The discriminator's minibatch standard-deviation layer sees {o.BatchSize / d.PackSize} inputs per batch " +
                       $"(batch size {o.BatchSize} / pack size {d.PackSize}), which do not divide into groups of {layer.GroupSize}; " +
                       $"make batch size / pack size a multiple of {layer.GroupSize} (or smaller than it).");
        if (o.RealLabel < 1 && !behaviour.Loss.SupportsLabelSmoothing)
            errors.Add($"Label smoothing has no meaning for the {behaviour.Loss.Name} loss; it applies to the cross-entropy and least-squares losses.");
        if (o.Progressive is { } schedule) ValidateProgressive(schedule, errors);
        if (HasBatchNorm(_discriminator.Module) && behaviour.Regularizers.Any(r => r is GradientPenalty))
            errors.Add("The gradient penalty is computed per sample, which batch norm in the discriminator breaks; build the discriminator WithoutBatchNorm() or WithSpectralNorm() (or leave batch norm out of your own module).");
        if (_device is null && (_discriminator.Device.type != _generator.Device.type || _discriminator.Device.index != _generator.Device.index))
            errors.Add($"The generator is on {_generator.Device} but the discriminator on {_discriminator.Device}; move them together or call OnDevice(...).");
    }

    private void ValidateProgressive(ProgressiveSchedule schedule, ValidationErrors errors)
    {
        var shape = _generator.Descriptor.SampleShape;
        if (_generator.Network is not Models.IProgressiveNetwork g || _discriminator.Network is not Models.IProgressiveNetwork d)
        {
            errors.Add("Progressive growing needs progressive networks for both players; build them with UseProgressive().");
            return;
        }

        if (g.MaxLevel != d.MaxLevel) errors.Add($"The progressive generator grows to level {g.MaxLevel} but the discriminator to {d.MaxLevel}.");
        if (shape.Count == 3) schedule.Validate(shape[1], errors);
    }

    private static bool HasBatchNorm(TorchSharp.torch.nn.Module module) =>
        module.modules().Any(m => m is TorchSharp.Modules.BatchNorm1d or TorchSharp.Modules.BatchNorm2d or TorchSharp.Modules.BatchNorm3d);
}
