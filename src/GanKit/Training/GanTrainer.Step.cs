using GanKit.Data;
using GanKit.Regularizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Training;

// The training step: the classic two stages, D then G.
public sealed partial class GanTrainer
{
    /// <summary>
    /// Runs one generator step (preceded by <see cref="GanTrainerOptions.CriticSteps"/> discriminator steps) on the
    /// calling thread, inside its own dispose scope. <see cref="Train"/> calls this in a loop; call it directly for a
    /// custom loop.
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
        if (_sampler is null)
        {
            CheckDataset(dataset);
            EnsureSampler(dataset);
        }

        using var scope = NewDisposeScope();
        var device = Generator.Device;
        long step = Step + 1;
        ApplyLearningRate(step);
        Generator.Module.train();
        Discriminator.Module.train();
        float noise = InstanceNoise(step);

        Tensor fake = null!;
        Tensor lastReal = null!;
        Tensor? fakeLabels = null, lastRealLabels = null;
        double dLoss = 0, realScore = 0, fakeScore = 0, penalty = 0;
        bool skipped = false;
        for (int critic = 0; critic < Options.CriticSteps; critic++)
        {
            using var batch = dataset.GetBatch(_sampler!.Next());
            var real = batch.Samples.to(device);
            var realLabels = Discriminator.ClassCount is null ? null : batch.Labels?.to(device);
            fakeLabels = Generator.ClassCount is { } k ? randint(0, k, new long[] { Options.BatchSize }, generator: _random).to(device) : null;
            var z = randn(new long[] { Options.BatchSize, Generator.LatentSize }, generator: _random).to(device);

            // Only the last critic step's batch is reused by G's update, so only it records G's graph.
            bool last = critic == Options.CriticSteps - 1;
            using (last ? null : no_grad()) fake = Generator.Forward(z, fakeLabels);

            // Instance noise is part of what D sees, so the R1 penalty below is taken at the noised reals too (as
            // StyleGAN2-ADA takes it through its augmentations): R1 regularizes D where D is evaluated.
            lastReal = real;
            lastRealLabels = realLabels;
            var realInput = AddNoise(Augment(real), noise);
            var fakeInput = AddNoise(Augment(fake.detach()), noise);
            var realOutput = Discriminator.Forward(realInput, realLabels);
            var fakeOutput = Discriminator.Forward(fakeInput, fakeLabels);
            var adversarial = Options.Loss.DiscriminatorLoss(realOutput, fakeOutput, Options.RealLabel);

            dLoss = adversarial.item<float>();
            realScore = realOutput.mean().item<float>();
            fakeScore = fakeOutput.mean().item<float>();
            penalty = 0;
            EnsureFinite(step, "discriminator", dLoss, 0);

            // A skipped step is no D update: it computes no penalties and does not advance their lazy schedule.
            skipped = Options.DiscriminatorLossFloor is { } floor && dLoss < floor;
            if (skipped)
            {
                TrainerLog.DiscriminatorSkipped(_logger, step, dLoss, Options.DiscriminatorLossFloor!.Value);
                continue;
            }

            bool separate = Options.SeparateLazyRegularization;
            var total = adversarial + Penalties(realInput, fakeInput, realLabels, fakeLabels, lazy: separate ? false : null, ref penalty);
            EnsureFinite(step, "discriminator", dLoss, penalty);
            _discriminatorOptimizer.zero_grad();
            total.backward();
            EnsureFiniteGradients(step, "discriminator", Discriminator.Parameters(), dLoss);
            Clip(Discriminator.Parameters());
            _discriminatorOptimizer.step();
            if (separate) penalty += LazyRegularizationStep(step, realInput, fakeInput, realLabels, fakeLabels, dLoss);
            if (AugmentationController is not null)
            {
                double signSum = realOutput.detach().sign().sum().item<float>();
                AugmentationController.Observe(signSum, realOutput.numel(), Options.BatchSize);
            }

            _discriminatorSteps++;
            PhaseCompleted?.Invoke(TrainerPhase.DiscriminatorUpdate);
        }

        // G's update through a frozen D: no gradients are computed for D's weights.
        foreach (var p in Discriminator.Parameters()) p.requires_grad_(false);
        double gLoss;
        try
        {
            _generatorOptimizer.zero_grad();
            var fakeOutput = Discriminator.Forward(AddNoise(Augment(fake), noise), fakeLabels);
            Tensor? realOutput = null;
            // D's weights are frozen and G does not reach the reals: D(real) is a constant of G's loss, computed without a graph.
            if (Options.Loss.NeedsRealOutputForGenerator)
                using (no_grad()) realOutput = Discriminator.Forward(AddNoise(Augment(lastReal), noise), lastRealLabels).detach();
            var generatorLoss = Options.Loss.GeneratorLoss(fakeOutput, realOutput);
            gLoss = generatorLoss.item<float>();
            EnsureFinite(step, "generator", gLoss, 0);
            generatorLoss.backward();
            EnsureFiniteGradients(step, "generator", Generator.Parameters(), gLoss);
            Clip(Generator.Parameters());
            _generatorOptimizer.step();
        }
        finally
        {
            foreach (var p in Discriminator.Parameters()) p.requires_grad_(true);
        }

        PhaseCompleted?.Invoke(TrainerPhase.GeneratorUpdate);

        if (Options.EmaWarmup is { } warmup) Ema?.Update(warmup.Beta((step - 1) * Options.BatchSize, Options.BatchSize));
        else Ema?.Update();
        Step = step;
        var metrics = new StepMetrics(step, dLoss, gLoss, realScore, fakeScore, penalty, skipped);
        _history.Add(metrics);
        return metrics;
    }

    /// <summary>Test seam: called after every applied D update and after the G update, before the EMA update.</summary>
    internal Action<TrainerPhase>? PhaseCompleted { get; set; }

    internal Adam GeneratorOptimizer => _generatorOptimizer;

    internal Adam DiscriminatorOptimizer => _discriminatorOptimizer;

    /// <summary>The number of D updates applied so far (skipped steps excluded); lazy regularizers count these.</summary>
    internal long DiscriminatorUpdates => _discriminatorSteps;

    // Lazy regularizers fire on D updates 1, k + 1, 2k + 1, ... (0-based count divisible by k), like StyleGAN2.
    // lazy: null = every due regularizer; false = only those with interval 1; true = only the lazy ones.
    private Tensor Penalties(Tensor real, Tensor fake, Tensor? realLabels, Tensor? fakeLabels, bool? lazy, ref double penalty)
    {
        penalty = 0;
        var regularizers = Options.AllRegularizers.Where(r => lazy is null || (r.Interval > 1) == lazy).ToList();
        Tensor total = zeros(1, device: real.device).squeeze();
        if (regularizers.Count == 0) return total;
        var context = new RegularizerContext(Discriminator, real.detach(), fake.detach(), realLabels, fakeLabels, _random);
        foreach (var regularizer in regularizers)
        {
            if (_discriminatorSteps % regularizer.Interval != 0) continue;
            total = total + regularizer.Compute(context);
        }

        penalty = total.item<float>();
        return total;
    }

    // StyleGAN2's separate regularization step: only the lazy penalties, with D's own optimizer (adjusted at construction).
    private double LazyRegularizationStep(long step, Tensor real, Tensor fake, Tensor? realLabels, Tensor? fakeLabels, double dLoss)
    {
        double penalty = 0;
        if (!Options.AllRegularizers.Any(r => r.Interval > 1 && _discriminatorSteps % r.Interval == 0)) return 0;
        var total = Penalties(real, fake, realLabels, fakeLabels, lazy: true, ref penalty);
        EnsureFinite(step, "discriminator", dLoss, penalty);
        _discriminatorOptimizer.zero_grad();
        total.backward();
        EnsureFiniteGradients(step, "discriminator", Discriminator.Parameters(), dLoss);
        Clip(Discriminator.Parameters());
        _discriminatorOptimizer.step();
        return penalty;
    }

    private static LazyRegularizationAdjustment DiscriminatorAdjustment(GanTrainerOptions options)
    {
        if (!options.SeparateLazyRegularization) return new(1);
        var lazy = options.AllRegularizers.Where(r => r.Interval > 1).Select(r => r.Interval).DefaultIfEmpty(1).Max();
        return LazyRegularizationAdjustment.ForInterval(lazy);
    }

    private Tensor Augment(Tensor images) =>
        Options.Augmentation is { } augmentation ? augmentation.Apply(images, _random, AugmentationController?.Probability ?? 1.0) : images;

    private Tensor AddNoise(Tensor input, float std) =>
        std > 0 ? input + randn(input.shape, generator: _random).to(input.device) * std : input;

    private float InstanceNoise(long step) =>
        Options.InstanceNoiseStd > 0
            ? (float)(Options.InstanceNoiseStd * Math.Max(0, 1 - (double)(step - 1) / Options.InstanceNoiseSteps))
            : 0f;

    private void ApplyLearningRate(long step)
    {
        if (Options.LearningRateDecayStart is not { } from || Options.LearningRateDecayEnd is not { } to) return;
        double t = Math.Clamp((double)(step - from) / (to - from), 0, 1);
        double factor = 1 - t * (1 - Options.LearningRateDecayFinalFactor);
        foreach (var group in _generatorOptimizer.ParamGroups) group.LearningRate = Options.GeneratorOptimizer.LearningRate * factor;
        double lazy = DiscriminatorAdjustment(Options).Ratio;
        foreach (var group in _discriminatorOptimizer.ParamGroups) group.LearningRate = Options.DiscriminatorOptimizer.LearningRate * lazy * factor;
    }

    private void Clip(IEnumerable<Parameter> parameters)
    {
        if (Options.MaxGradientNorm is { } max) nn.utils.clip_grad_norm_(parameters, max);
    }

    // A finite loss can still have NaN or infinite gradients (e.g. sqrt at 0, an overflowing penalty); Adam would
    // write them into every weight. One sum per gradient and a single host read: a NaN or ±Inf anywhere makes its sum
    // non-finite. A sum of finite gradients overflows only if some element exceeds 3.4e38 / numel, far above the
    // 1.8e19 at which Adam's squared moment is already infinite, so flagging that too is right.
    private void EnsureFiniteGradients(long step, string player, IEnumerable<Parameter> parameters, double loss)
    {
        var sums = parameters.Select(p => p.grad).OfType<Tensor>().Select(g => g.sum()).ToArray();
        if (sums.Length == 0 || stack(sums).isfinite().all().item<bool>()) return;
        var detail = $"the {player}'s gradients are NaN or infinite although its loss is {loss}; no weights were updated with them. " +
                     "Lower the learning rates, add gradient clipping or a gradient penalty, or roll back with OnDivergence(RollBackToCheckpoint).";
        TrainerLog.Diverged(_logger, step, detail);
        throw new TrainingDivergedException(step, detail);
    }

    private void EnsureFinite(long step, string player, double loss, double penalty)
    {
        if (double.IsFinite(loss) && double.IsFinite(penalty)) return;
        var detail = $"the {player} loss is {loss}{(penalty != 0 ? $" (penalty {penalty})" : "")}; no weights were updated with it. " +
                     "Lower the learning rates, add gradient clipping or a gradient penalty, or roll back with OnDivergence(RollBackToCheckpoint).";
        TrainerLog.Diverged(_logger, step, detail);
        throw new TrainingDivergedException(step, detail);
    }
}
