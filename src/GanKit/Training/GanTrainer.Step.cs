using GanKit.Data;
using GanKit.Regularizers;
using GanKit.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Training;

// The training step: the classic two stages, D then G.
public sealed partial class GanTrainer
{
    /// <summary>
    /// Runs one generator step (preceded by <see cref="GanTrainerOptions.CriticSteps"/> discriminator steps) on the
    /// calling thread, inside its own dispose scope, and reads its metrics (one host read). <see cref="Train"/> runs
    /// the same step in a loop but reads metrics only once per <see cref="GanTrainerOptions.ProgressInterval"/>.
    /// </summary>
    /// <param name="dataset">The real data.</param>
    /// <returns>The step's metrics.</returns>
    /// <exception cref="TrainingDivergedException">
    /// A loss or a gradient became NaN or infinite; no weights were updated with it. When it is the generator's, the
    /// step's discriminator updates before it were applied and are kept, and <see cref="Step"/> does not advance: a custom
    /// loop that catches this and goes on starts the next step from that state (<see cref="Train"/> stops, or rolls back
    /// to a checkpoint, per <see cref="GanTrainerOptions.DivergencePolicy"/>).
    /// </exception>
    public StepMetrics TrainStep(IGanDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (_parallel is not null && !_synchronized) SynchronizeFromRoot();
        FlushMetrics();
        RunStep(dataset);
        FlushMetrics();
        return _history[^1];
    }

    /// <summary>
    /// One step without any host read (unless <see cref="GanTrainerOptions.DiscriminatorLossFloor"/> is set, which
    /// needs D's loss on the host to decide): its metrics and non-finite flags stay pending on the device.
    /// </summary>
    private void RunStep(IGanDataset dataset)
    {
        PrepareDataset(dataset);
        using var scope = NewDisposeScope();
        var device = Generator.Device;
        long step = Step + 1;
        AdvanceGrowth(step);
        ApplyLearningRate(step);
        Generator.Module.train();
        Discriminator.Module.train();
        float noise = InstanceNoise(step);

        Tensor fake = null!, lastReal = null!;
        Tensor? fakeLabels = null, lastRealLabels = null;
        Tensor zero = zeros(1, device: device).squeeze(), one = ones(1, device: device).squeeze();
        Tensor dLoss = zero, realScore = zero, fakeScore = zero, penalty = zero;
        Tensor dLossFinite = one, dGradientsFinite = one;
        bool skipped = false;
        var discriminatorParameters = Discriminator.Parameters().ToArray();
        for (int critic = 0; critic < Options.CriticSteps; critic++)
        {
            using var batch = dataset.GetBatch(_sampler!.Next());
            var real = RealForDiscriminator(batch.Samples.to(device));
            var realLabels = Discriminator.ClassCount is null ? null : batch.Labels?.to(device);
            fakeLabels = Generator.ClassCount is { } k ? Shard(randint(0, k, new long[] { GlobalBatchSize }, generator: _random)).to(device) : null;
            // Drawn for the whole global batch and sliced, so N ranks see the latents one process with N× the batch would.
            var z = Shard(randn(new long[] { GlobalBatchSize, Generator.LatentSize }, generator: _random)).to(device);

            // Only the last critic step's batch is reused by G's update, so only it records G's graph.
            bool last = critic == Options.CriticSteps - 1;
            using (last ? null : no_grad()) fake = GenerateForDiscriminator(z, fakeLabels);

            // Instance noise is part of what D sees, so the R1 penalty below is taken at the noised reals too (as
            // StyleGAN2-ADA takes it through its augmentations): R1 regularizes D where D is evaluated.
            lastReal = real;
            lastRealLabels = realLabels;
            var realInput = AddNoise(Augment(real), noise);
            var fakeInput = AddNoise(Augment(fake.detach()), noise);
            var realOutput = Discriminator.Forward(realInput, realLabels, checkLabelRange: false);
            var fakeOutput = Discriminator.Forward(fakeInput, fakeLabels, checkLabelRange: false);
            var adversarial = _behaviour.Loss.DiscriminatorLoss(realOutput, fakeOutput, Options.RealLabel);

            dLoss = adversarial.detach();
            realScore = realOutput.detach().mean();
            fakeScore = fakeOutput.detach().mean();
            penalty = zero;

            // A skipped step is no D update: it computes no penalties and does not advance their lazy schedule. Deciding
            // needs D's loss on the host: the one per-step read, only with a loss floor.
            if (Options.DiscriminatorLossFloor is { } floor)
            {
                float hostLoss = (float)AverageOverRanks(HostReads.Item<float>(adversarial));
                skipped = hostLoss < floor;
                if (skipped)
                {
                    dLossFinite = dLossFinite.logical_and(adversarial.isfinite()).to(ScalarType.Float32);
                    TrainerLog.DiscriminatorSkipped(_logger, step, hostLoss, floor);
                    continue;
                }
            }

            bool separate = Options.SeparateLazyRegularization;
            var total = adversarial + Penalties(realInput, fakeInput, realLabels, fakeLabels, separate ? false : null, out penalty);
            var (lossOk, gradientsOk) = GuardedUpdate(_discriminatorOptimizer, discriminatorParameters, total, adversarial);
            dLossFinite = dLossFinite * lossOk;
            dGradientsFinite = dGradientsFinite * gradientsOk;
            if (separate && LazyRegularizationStep(realInput, fakeInput, realLabels, fakeLabels, discriminatorParameters) is { } lazy)
            {
                penalty = penalty + lazy.Penalty;
                dLossFinite = dLossFinite * lazy.LossFinite;
                dGradientsFinite = dGradientsFinite * lazy.GradientsFinite;
            }

            ObserveAugmentation(realOutput);
            _discriminatorSteps++;
            PhaseCompleted?.Invoke(TrainerPhase.DiscriminatorUpdate);
        }

        // G's update through a frozen D: no gradients are computed for D's weights.
        foreach (var p in discriminatorParameters) p.requires_grad_(false);
        Tensor gLoss, gLossFinite, gGradientsFinite;
        try
        {
            var fakeOutput = Discriminator.Forward(AddNoise(Augment(fake), noise), fakeLabels, checkLabelRange: false);
            Tensor? realOutput = null;
            // D's weights are frozen and G does not reach the reals: D(real) is a constant of G's loss, computed without a graph.
            if (_behaviour.Loss.NeedsRealOutputForGenerator)
                using (no_grad()) realOutput = Discriminator.Forward(AddNoise(Augment(lastReal), noise), lastRealLabels, checkLabelRange: false).detach();
            var generatorLoss = _behaviour.Loss.GeneratorLoss(fakeOutput, realOutput);
            gLoss = generatorLoss.detach();
            (gLossFinite, gGradientsFinite) = GuardedUpdate(_generatorOptimizer, Generator.Parameters().ToArray(), generatorLoss, generatorLoss);
        }
        finally
        {
            foreach (var p in discriminatorParameters) p.requires_grad_(true);
        }

        PhaseCompleted?.Invoke(TrainerPhase.GeneratorUpdate);

        if (Options.EmaWarmup is { } warmup) Ema?.Update(warmup.Beta((step - 1) * Options.BatchSize, Options.BatchSize));
        else Ema?.Update();
        Step = step;
        AddPending(step, skipped, stack(new[] { dLoss, gLoss, realScore, fakeScore, penalty, dLossFinite, dGradientsFinite, gLossFinite, gGradientsFinite }
            .Select(t => t.to(ScalarType.Float32).reshape(1)).ToArray()).squeeze(1));
    }

    /// <summary>Test seam: called after every applied D update and after the G update, before the EMA update.</summary>
    internal Action<TrainerPhase>? PhaseCompleted { get; set; }

    internal OptimizerHelper GeneratorOptimizer => _generatorOptimizer;

    internal OptimizerHelper DiscriminatorOptimizer => _discriminatorOptimizer;

    /// <summary>The number of D updates applied so far (skipped steps excluded); lazy regularizers count these.</summary>
    internal long DiscriminatorUpdates => _discriminatorSteps;

    // Lazy regularizers fire on D updates 1, k + 1, 2k + 1, ... (0-based count divisible by k), like StyleGAN2.
    // lazy: null = every due regularizer; false = only those with interval 1; true = only the lazy ones.
    private Tensor Penalties(Tensor real, Tensor fake, Tensor? realLabels, Tensor? fakeLabels, bool? lazy, out Tensor penalty)
    {
        var regularizers = _behaviour.Regularizers.Where(r => lazy is null || (r.Interval > 1) == lazy).ToArray();
        Tensor total = zeros(1, device: real.device).squeeze();
        penalty = total;
        if (regularizers.Length == 0) return total;
        var context = new RegularizerContext(Discriminator, real.detach(), fake.detach(), realLabels, fakeLabels, _random);
        foreach (var regularizer in regularizers)
        {
            if (_discriminatorSteps % regularizer.Interval != 0) continue;
            total = total + regularizer.Compute(context);
        }

        penalty = total.detach();
        return total;
    }

    // StyleGAN2's separate regularization step: only the due lazy penalties, with D's own (adjusted) optimizer, through
    // the same guarded update (no host read). Null when no lazy regularizer is due on this D update.
    private (Tensor Penalty, Tensor LossFinite, Tensor GradientsFinite)? LazyRegularizationStep(
        Tensor real, Tensor fake, Tensor? realLabels, Tensor? fakeLabels, IReadOnlyList<Parameter> parameters)
    {
        // Counted as the combined step counts: the D update just applied has not yet advanced _discriminatorSteps.
        if (!_behaviour.Regularizers.Any(r => r.Interval > 1 && _discriminatorSteps % r.Interval == 0)) return null;
        var total = Penalties(real, fake, realLabels, fakeLabels, true, out var penalty);
        var (lossOk, gradientsOk) = GuardedUpdate(_discriminatorOptimizer, parameters, total, total);
        return (penalty, lossOk, gradientsOk);
    }

    private static LazyRegularizationAdjustment DiscriminatorAdjustment(GanTrainerOptions options)
    {
        if (!options.SeparateLazyRegularization) return new(1);
        var regularizers = options.Loss?.RequiredRegularizers.Concat(options.Regularizers) ?? options.Regularizers;
        var lazy = regularizers.Where(r => r.Interval > 1).Select(r => r.Interval).DefaultIfEmpty(1).Max();
        return LazyRegularizationAdjustment.ForInterval(lazy);
    }

    private Tensor Augment(Tensor images) =>
        _behaviour.Augmentation is { } augmentation ? augmentation.Apply(images, _random, AugmentationController?.Probability ?? 1.0) : images;

    // ADA's r_t = E[sign(D(x_real))]: summed on the device over the controller's interval, read to the host once per
    // interval (the only per-interval read, and only with adaptive augmentation on).
    private void ObserveAugmentation(Tensor realOutput)
    {
        if (AugmentationController is not { } controller) return;
        var signs = realOutput.detach().sign().sum().to(ScalarType.Float32);
        if (_adaSignSum is null) _adaSignSum = signs.DetachFromDisposeScope();
        else _adaSignSum.add_(signs);
        _adaCount += realOutput.numel();
        if (++_adaUpdates < controller.Interval) return;
        double signSum = AverageOverRanks(HostReads.Item<float>(_adaSignSum));
        controller.ObserveAccumulated(signSum, _adaCount, _adaUpdates, Options.BatchSize);
        _adaSignSum.Dispose();
        _adaSignSum = null;
        _adaCount = 0;
        _adaUpdates = 0;
    }

    private Tensor? _adaSignSum;
    private long _adaCount;
    private int _adaUpdates;

    /// <summary>ADA's open window (sign sum averaged over ranks, count, updates); a collective under data parallelism.</summary>
    private (double SignSum, long Count, int Updates) AugmentationWindow()
    {
        if (AugmentationController is null) return (0, 0, 0);
        double sum = _adaSignSum is null ? 0 : HostReads.Item<float>(_adaSignSum);
        return (AverageOverRanks(sum), _adaCount, _adaUpdates);
    }

    private void RestoreAugmentationWindow(double signSum, long count, int updates)
    {
        _adaSignSum?.Dispose();
        _adaSignSum = updates > 0 ? tensor((float)signSum, device: Generator.Device) : null;
        _adaCount = count;
        _adaUpdates = updates;
    }

    private Tensor AddNoise(Tensor input, float std)
    {
        if (std <= 0) return input;
        var shape = input.shape.ToArray();
        shape[0] *= WorldSize;
        return input + Shard(randn(shape, generator: _random)).to(input.device) * std;
    }

    private float InstanceNoise(long step) =>
        Options.InstanceNoiseStd > 0
            ? (float)(Options.InstanceNoiseStd * Math.Max(0, 1 - (double)(step - 1) / Options.InstanceNoiseSteps))
            : 0f;

    // Set from the step alone before every step, so a resumed run has exactly the rates an uninterrupted one had. A
    // constant schedule leaves the optimizers alone (an optimizer of the user's own may manage its groups' rates itself).
    private void ApplyLearningRate(long step)
    {
        if (Options.LearningRateSchedule is ConstantSchedule) return;
        double factor = Options.LearningRateSchedule.FactorAt(step);
        foreach (var group in _generatorOptimizer.ParamGroups) group.LearningRate = Options.GeneratorOptimizer.LearningRate * factor;
        double lazy = DiscriminatorAdjustment(Options).Ratio;
        foreach (var group in _discriminatorOptimizer.ParamGroups) group.LearningRate = Options.DiscriminatorOptimizer.LearningRate * lazy * factor;
    }
}
