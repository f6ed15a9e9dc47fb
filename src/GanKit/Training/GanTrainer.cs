using System.Diagnostics;
using GanKit.Augmentation;
using GanKit.Checkpoints;
using GanKit.Data;
using GanKit.Models;
using GanKit.Runtime;
using Microsoft.Extensions.Logging;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Training;

/// <summary>
/// Trains a generator against a discriminator: per step, <see cref="GanTrainerOptions.CriticSteps"/> discriminator
/// updates on real and generated batches, then one generator update through a frozen discriminator. Checkpoints hold
/// everything needed to resume exactly; every step runs in its own dispose scope so memory stays flat.
/// A trainer is not thread-safe: run one <see cref="TrainAsync"/> at a time.
/// </summary>
public sealed partial class GanTrainer : IDisposable
{
    private const int MaxRollbacks = 3;
    private readonly ILogger _logger;
    private readonly Adam _generatorOptimizer;
    private readonly Adam _discriminatorOptimizer;
    private readonly CheckpointStore? _store;
    private torch.Generator _random;
    private BatchSampler? _sampler;
    private (long Epoch, long Position) _samplerState;
    private readonly List<StepMetrics> _history = [];
    private long _discriminatorSteps;
    private int _rollbacks;
    private bool _resumeChecked;

    internal GanTrainer(Generator generator, Discriminator discriminator, GanTrainerOptions options)
    {
        Generator = generator;
        Discriminator = discriminator;
        Options = options;
        _logger = options.LoggerFactory.CreateLogger<GanTrainer>();
        if (options.Device is { } device)
        {
            generator.To(device);
            discriminator.To(device);
        }

        _generatorOptimizer = CreateAdam(generator.Parameters(), options.GeneratorOptimizer);
        _discriminatorOptimizer = CreateAdam(discriminator.Parameters(), DiscriminatorAdjustment(options).Apply(options.DiscriminatorOptimizer));
        if (options.EmaDecay is { } decay) Ema = new ExponentialMovingAverage(generator, decay);
        else if (options.EmaWarmup is not null) Ema = new ExponentialMovingAverage(generator, 0);
        AugmentationController = options.AdaptiveAugmentation?.CreateController();
        if (options.CheckpointDirectory is { } dir) _store = new CheckpointStore(dir, options.CheckpointEvery, options.CheckpointKeep);
        _random = Seeding.CreateGenerator(options.Seed, "trainer");
    }

    /// <summary>
    /// Starts a fluent builder for training <paramref name="generator"/> against <paramref name="discriminator"/>: built-in
    /// networks (<see cref="Generator.CreateBuilder"/>) or modules of your own (<see cref="Generator.FromModule"/>,
    /// <see cref="Discriminator.FromModule"/>), in any combination whose descriptors fit.
    /// </summary>
    /// <param name="generator">The generator (the trainer does not own it).</param>
    /// <param name="discriminator">The discriminator (the trainer does not own it).</param>
    /// <returns>A new builder.</returns>
    public static GanTrainerBuilder CreateBuilder(Generator generator, Discriminator discriminator) => new(generator, discriminator);

    /// <summary>The generator being trained.</summary>
    public Generator Generator { get; }

    /// <summary>The discriminator being trained.</summary>
    public Discriminator Discriminator { get; }

    /// <summary>The EMA of the generator's weights, when enabled.</summary>
    public ExponentialMovingAverage? Ema { get; }

    /// <summary>The adaptive augmentation controller (its <see cref="AdaptiveAugmentation.Probability"/> is the current p), when enabled.</summary>
    public AdaptiveAugmentation? AugmentationController { get; }

    /// <summary>The validated options.</summary>
    public GanTrainerOptions Options { get; }

    /// <summary>The number of completed generator steps.</summary>
    public long Step { get; private set; }

    /// <summary>Metrics of every completed step.</summary>
    public IReadOnlyList<StepMetrics> History => _history;

    /// <summary>The newest checkpoint written or loaded, or null.</summary>
    public string? LastCheckpoint { get; private set; }

    /// <summary>The generator that samples should come from: the EMA when enabled, else the trained one.</summary>
    public Generator SamplingGenerator => Ema?.Average ?? Generator;

    /// <summary>
    /// Trains until <see cref="Step"/> reaches <paramref name="steps"/> (a total, not an increment). When checkpoints
    /// are on and the run folder holds one, training first resumes from the newest. Cancellation stops between steps,
    /// writes a checkpoint and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="dataset">The real data; its sample shape must match the models.</param>
    /// <param name="steps">The step to train to.</param>
    /// <param name="progress">Receives a report every <see cref="GanTrainerOptions.ProgressInterval"/> steps.</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">The data set does not fit the models.</exception>
    /// <exception cref="TrainingDivergedException">A loss or a gradient became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Training was cancelled (a checkpoint was written first).</exception>
    public Task<TrainingResult> TrainAsync(IGanDataset dataset, long steps, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        // libtorch work is CPU-bound and dispose scopes are per thread: run the whole loop on one dedicated thread.
        return Task.Factory.StartNew(() => Train(dataset, steps, progress, cancellationToken), cancellationToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Runs <see cref="TrainAsync"/>'s loop on the calling thread.</summary>
    /// <param name="dataset">The real data.</param>
    /// <param name="steps">The step to train to.</param>
    /// <param name="progress">Progress reports.</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    /// <returns>The result.</returns>
    public TrainingResult Train(IGanDataset dataset, long steps, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "The target step must be zero or positive.");
        CheckDataset(dataset);
        ResumeFromLatestOnce();
        EnsureSampler(dataset);

        long start = Step;
        var clock = Stopwatch.StartNew();
        var rate = new ThroughputMeter();
        TrainerLog.TrainingStarted(_logger, start, steps, Generator.ParameterCount, Discriminator.ParameterCount,
            Options.Loss.Name, Options.BatchSize, Generator.Device.ToString());
        while (Step < steps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                WriteCheckpoint();
                TrainerLog.Cancelled(_logger, Step);
                cancellationToken.ThrowIfCancellationRequested();
            }

            StepMetrics metrics;
            try
            {
                metrics = TrainStep(dataset);
            }
            catch (TrainingDivergedException ex) when (Options.DivergencePolicy == DivergencePolicy.RollBackToCheckpoint)
            {
                RollBack(ex);
                continue;
            }

            rate.Tick();
            if (_store is not null && Step % _store.Every == 0) WriteCheckpoint();
            Report(metrics, steps, clock.Elapsed, rate, progress);
        }

        if (_store is not null && Step > start) WriteCheckpoint();
        var result = new TrainingResult(Step, Step - start, clock.Elapsed, _history.ToArray(), LastCheckpoint, _rollbacks);
        TrainerLog.Completed(_logger, Step, clock.Elapsed, result.StepsPerSecond);
        return result;
    }

    /// <summary>
    /// Generates samples for viewing or evaluation, from the EMA generator when enabled. Sampling is reproducible and
    /// never touches the training stream: the latents (and drawn classes) come from a fresh random generator, so
    /// calling this does not change how training continues.
    /// </summary>
    /// <param name="count">How many.</param>
    /// <param name="classes">Class labels <c>[count]</c> for a conditional model; null draws them uniformly.</param>
    /// <param name="seed">
    /// The seed of the latents: the same seed gives the same latents at every step (e.g. a fixed grid that shows
    /// progress). Null uses <see cref="GanTrainerOptions.Seed"/> + <see cref="Step"/>, the same as passing that seed:
    /// repeated calls at one step return the same samples, and each step draws other latents.
    /// </param>
    /// <returns><c>[count, ...]</c> on the CPU; images in [-1, 1].</returns>
    public Tensor Sample(long count, Tensor? classes = null, long? seed = null)
    {
        // A separate generator, so sampling never shifts the training stream (exact resume holds).
        using var random = Seeding.CreateGenerator(seed ?? Options.Seed + Step, "sample");
        return SamplingGenerator.Generate(count, classes, random);
    }

    /// <summary>Disposes the optimizers, the EMA and the random source (not the models, which the caller owns).</summary>
    public void Dispose()
    {
        _generatorOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
        Ema?.Dispose();
        _random.Dispose();
    }

    private static Adam CreateAdam(IEnumerable<Parameter> parameters, OptimizerSettings s) =>
        optim.Adam(parameters, s.LearningRate, s.Beta1, s.Beta2, weight_decay: s.WeightDecay);

    private void CheckDataset(IGanDataset dataset)
    {
        if (!dataset.SampleShape.SequenceEqual(Generator.OutputShape))
            throw new ArgumentException(
                $"The data set's samples are [{string.Join(",", dataset.SampleShape)}] but the models work on [{string.Join(",", Generator.OutputShape)}].", nameof(dataset));
        if (dataset.Count < Options.BatchSize)
            throw new ArgumentException($"The data set has {dataset.Count} samples, fewer than one batch of {Options.BatchSize}.", nameof(dataset));
        if (Generator.ClassCount is { } k && dataset.ClassCount != k)
            throw new ArgumentException(
                $"The models are conditional on {k} classes but the data set has {(dataset.ClassCount is null ? "no labels" : dataset.ClassCount + " classes")}.", nameof(dataset));
    }

    private void EnsureSampler(IGanDataset dataset)
    {
        if (_sampler is not null && _sampler.Count == dataset.Count) return;
        if (_sampler is not null) _samplerState = (_sampler.Epoch, _sampler.Position);
        _sampler = new BatchSampler(dataset.Count, Options.BatchSize, Options.Seed, _samplerState.Epoch, _samplerState.Position);
    }

    private void Report(StepMetrics metrics, long target, TimeSpan elapsed, ThroughputMeter rate, IProgress<TrainingProgress>? progress)
    {
        bool due = Step % Options.ProgressInterval == 0 || Step == target;
        bool callbackDue = Options.Callbacks.Any(c => Step % c.Every == 0);
        if (!due && !callbackDue) return;
        double perSecond = rate.StepsPerSecond;
        var eta = perSecond > 0 ? TimeSpan.FromSeconds((target - Step) / perSecond) : TimeSpan.Zero;
        var report = new TrainingProgress(Step, target, metrics, perSecond, elapsed, eta);
        if (due)
        {
            progress?.Report(report);
            TrainerLog.StepCompleted(_logger, Step, metrics.DiscriminatorLoss, metrics.GeneratorLoss, metrics.RealScore,
                metrics.FakeScore, metrics.Penalty, perSecond);
        }

        foreach (var callback in Options.Callbacks)
        {
            if (Step % callback.Every != 0) continue;
            using var scope = NewDisposeScope();
            callback.Action(this, report);
        }
    }
}
