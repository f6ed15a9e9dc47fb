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
    private readonly TrainerBehaviour _behaviour;
    private readonly OptimizerHelper _generatorOptimizer;
    private readonly OptimizerHelper _discriminatorOptimizer;
    private readonly CheckpointStore? _store;
    private torch.Generator _random;
    private BatchSampler? _sampler;
    private (long Epoch, long Position) _samplerState;
    private readonly List<StepMetrics> _history = [];
    private long _discriminatorSteps;
    private int _rollbacks;
    private bool _resumeChecked;
    private IGanDataset? _labelsChecked;
    private IGanDataset? _preparedDataset;

    internal GanTrainer(Generator generator, Discriminator discriminator, GanTrainerOptions options, TrainerBehaviour behaviour,
        IDataParallelCommunicator? communicator = null)
    {
        Generator = generator;
        Discriminator = discriminator;
        Options = options;
        _behaviour = behaviour;
        if (communicator is not null) _parallel = new DataParallel(communicator);
        // Only rank 0 logs: N copies of every line would say nothing more.
        _logger = IsRootRank ? behaviour.LoggerFactory.CreateLogger<GanTrainer>() : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        if (behaviour.Device is { } device)
        {
            generator.To(device);
            discriminator.To(device);
        }

        _generatorOptimizer = options.GeneratorOptimizer.Create(generator.Parameters(), behaviour.OptimizerFactories);
        try
        {
            _discriminatorOptimizer = DiscriminatorAdjustment(options).Apply(options.DiscriminatorOptimizer).Create(discriminator.Parameters(), behaviour.OptimizerFactories);
        }
        catch
        {
            _generatorOptimizer.Dispose();
            throw;
        }

        if (options.EmaDecay is { } decay) Ema = new ExponentialMovingAverage(generator, decay);
        else if (options.EmaWarmup is not null) Ema = new ExponentialMovingAverage(generator, 0);
        AugmentationController = options.AdaptiveAugmentation?.CreateController();
        if (options.CheckpointDirectory is { } dir) _store = new CheckpointStore(dir, options.CheckpointEvery, options.CheckpointKeep);
        _random = Seeding.CreateGenerator(options.Seed, "trainer");
        AdvanceGrowth(1);
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

    /// <summary>The validated options (plain data; written into every checkpoint).</summary>
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
    /// Trains until <see cref="Step"/> reaches <paramref name="steps"/> (a total, not an increment), on a dedicated
    /// thread. When checkpoints are on and the run folder holds one, training first resumes from the newest.
    /// Cancellation stops between steps, writes a checkpoint and throws <see cref="OperationCanceledException"/>;
    /// to stop early and get the result instead, use <paramref name="stop"/>.
    /// </summary>
    /// <param name="dataset">The real data; its sample shape must match the models.</param>
    /// <param name="steps">The step to train to.</param>
    /// <param name="progress">Receives a report every <see cref="GanTrainerOptions.ProgressInterval"/> steps.</param>
    /// <param name="cancellationToken">Abandons training between steps.</param>
    /// <param name="stop">Ends training between steps with a checkpoint and a result (<see cref="TrainingResult.StoppedEarly"/>).</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">The data set does not fit the models.</exception>
    /// <exception cref="TrainingDivergedException">A loss or a gradient became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Training was cancelled (a checkpoint was written first).</exception>
    public Task<TrainingResult> TrainAsync(IGanDataset dataset, long steps, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default, StopSource? stop = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        // libtorch work is CPU-bound and dispose scopes are per thread: run the whole loop on one dedicated thread.
        return LongRunningWork.Start(() => Train(dataset, steps, progress, cancellationToken, stop), cancellationToken);
    }

    /// <summary>Runs <see cref="TrainAsync"/>'s loop on the calling thread (synchronously).</summary>
    /// <param name="dataset">The real data.</param>
    /// <param name="steps">The step to train to.</param>
    /// <param name="progress">Progress reports.</param>
    /// <param name="cancellationToken">Abandons training between steps (after writing a checkpoint).</param>
    /// <param name="stop">Ends training between steps with a checkpoint and a result.</param>
    /// <returns>The result.</returns>
    public TrainingResult Train(IGanDataset dataset, long steps, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default, StopSource? stop = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "The target step must be zero or positive.");
        CheckDataset(dataset);
        ResumeFromLatestOnce();
        SynchronizeFromRoot();
        EnsureSampler(dataset);

        long start = Step;
        var clock = Stopwatch.StartNew();
        var rate = new ThroughputMeter();
        TrainerLog.TrainingStarted(_logger, start, steps, Generator.ParameterCount, Discriminator.ParameterCount,
            Options.Loss.Name, Options.BatchSize, Generator.Device.ToString());
        bool stoppedEarly = false;
        while (Step < steps)
        {
            // Stopping and cancelling are collective: one rank leaving the loop alone would leave the others waiting forever.
            if (AnyRank(stop?.IsStopRequested == true))
            {
                stoppedEarly = true;
                break;
            }

            if (AnyRank(cancellationToken.IsCancellationRequested))
            {
                FlushMetrics();
                WriteCheckpoint();
                TrainerLog.Cancelled(_logger, Step);
                throw new OperationCanceledException(cancellationToken);
            }

            RunStep(dataset);
            rate.Tick();
            bool checkpointDue = _store is not null && Step % _store.Every == 0;
            if (checkpointDue || ReportDue(steps))
            {
                // The one host read of these steps; a divergence among them surfaces here.
                try
                {
                    FlushMetrics();
                }
                catch (TrainingDivergedException ex) when (Options.DivergencePolicy == DivergencePolicy.RollBackToCheckpoint)
                {
                    RollBack(ex);
                    continue;
                }

                if (checkpointDue) WriteCheckpoint();
                Report(_history[^1], steps, clock.Elapsed, rate, progress);
            }
        }

        FlushMetrics();
        if (_store is not null && Step > start) WriteCheckpoint();
        var result = new TrainingResult(Step, Step - start, clock.Elapsed, _history.ToArray(), LastCheckpoint, _rollbacks) { StoppedEarly = stoppedEarly };
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
        _adaSignSum?.Dispose();
        DiscardPending();
    }

    private void CheckDataset(IGanDataset dataset)
    {
        if (!dataset.SampleShape.SequenceEqual(Generator.OutputShape))
            throw new ArgumentException(
                $"The data set's samples are [{string.Join(",", dataset.SampleShape)}] but the models work on [{string.Join(",", Generator.OutputShape)}].", nameof(dataset));
        if (dataset.Count < GlobalBatchSize)
            throw new ArgumentException($"The data set has {dataset.Count} samples, fewer than one batch of {GlobalBatchSize}.", nameof(dataset));
        if (Generator.ClassCount is { } k && dataset.ClassCount != k)
            throw new ArgumentException(
                $"The models are conditional on {k} classes but the data set has {(dataset.ClassCount is null ? "no labels" : dataset.ClassCount + " classes")}.", nameof(dataset));
        CheckLabelRange(dataset);
    }

    // Label ranges are checked once per data set (not with a host read per batch): a InMemoryDataset checked its labels
    // when it was made; any other data set is read through once, with one host read at the end.
    private void CheckLabelRange(IGanDataset dataset)
    {
        if (ReferenceEquals(_labelsChecked, dataset)) return;
        if (Generator.ClassCount is { } k && dataset is not Data.InMemoryDataset)
        {
            using var scope = NewDisposeScope();
            Tensor? min = null, max = null;
            const int chunk = 4096;
            var indices = new long[chunk];
            for (long start = 0; start < dataset.Count; start += chunk)
            {
                int n = (int)Math.Min(chunk, dataset.Count - start);
                for (int i = 0; i < n; i++) indices[i] = start + i;
                using var batch = dataset.GetBatch(indices.AsSpan(0, n));
                if (batch.Labels is not { } labels)
                    throw new ArgumentException("The models are conditional but the data set returned a batch without labels.", nameof(dataset));
                min = min is null ? labels.min() : minimum(min, labels.min());
                max = max is null ? labels.max() : maximum(max, labels.max());
            }

            var range = HostReads.Floats(stack([min!, max!]));
            if (range[0] < 0 || range[1] >= k)
                throw new ArgumentException($"The data set's labels must lie in [0, {k}); found [{range[0]}, {range[1]}].", nameof(dataset));
        }

        _labelsChecked = dataset;
    }

    private void PrepareDataset(IGanDataset dataset)
    {
        if (ReferenceEquals(_preparedDataset, dataset) && _sampler is not null) return;
        CheckDataset(dataset);
        EnsureSampler(dataset);
        _preparedDataset = dataset;
    }

    private void EnsureSampler(IGanDataset dataset)
    {
        if (_sampler is not null && _sampler.Count == dataset.Count) return;
        if (_sampler is not null) _samplerState = (_sampler.Epoch, _sampler.Position);
        _sampler = new BatchSampler(dataset.Count, Options.BatchSize, Options.Seed, _samplerState.Epoch, _samplerState.Position, Rank, WorldSize);
    }

    private bool ReportDue(long target) =>
        Step % Options.ProgressInterval == 0 || Step == target || _behaviour.Callbacks.Any(c => Step % c.Every == 0);

    private void Report(StepMetrics metrics, long target, TimeSpan elapsed, ThroughputMeter rate, IProgress<TrainingProgress>? progress)
    {
        if (!IsRootRank) return;
        bool due = Step % Options.ProgressInterval == 0 || Step == target;
        bool callbackDue = _behaviour.Callbacks.Any(c => Step % c.Every == 0);
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

        foreach (var callback in _behaviour.Callbacks)
        {
            if (Step % callback.Every != 0) continue;
            using var scope = NewDisposeScope();
            callback.Action(this, report);
        }
    }
}
