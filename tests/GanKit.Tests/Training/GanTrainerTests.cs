using GanKit.Checkpoints;
using GanKit.Data;
using GanKit.Losses;
using GanKit.Metrics;
using GanKit.Models;
using GanKit.Runtime;
using GanKit.Tests.TestSupport;
using GanKit.Training;
using TorchSharp;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Training;

public sealed class GanTrainerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void ShouldHaveIdenticalState(nn.Module a, nn.Module b)
    {
        var other = b.state_dict();
        foreach (var (name, value) in a.state_dict())
            value.eq(other[name]).all().item<bool>().Should().BeTrue($"'{name}' must be bit-identical");
    }

    [Fact]
    public void Live_tensor_count_stays_flat_over_200_steps()
    {
        var (g, d) = TrainerTestModels.MixtureModels(spectralNorm: true);
        using var data = GaussianMixture.Ring8.CreateDataset(4096, seed: 1);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(32).WithEma(0.99).WithR1Penalty(1, interval: 2)
            .WithInstanceNoise(0.1, 100).WithGradientClipping(10).Build();
        var stats = DisposeScopeManager.Statistics;
        for (int i = 0; i < 20; i++) trainer.TrainStep(data);
        long warm = stats.TensorStatistics.ThreadTotalLiveCount;
        for (int i = 0; i < 200; i++) trainer.TrainStep(data);
        long after = stats.TensorStatistics.ThreadTotalLiveCount;
        after.Should().Be(warm, "every step runs in a dispose scope and leaks nothing");
        trainer.Step.Should().Be(220);
    }

    [Fact]
    public void Resumed_training_ends_with_exactly_the_weights_of_an_uninterrupted_run()
    {
        using var data = TrainerTestModels.SmallImages();
        GanTrainer Make(string dir)
        {
            var (g, d) = TrainerTestModels.ConditionalDcgan();
            return GanTrainer.CreateBuilder(g, d).WithBatchSize(12).WithEma(0.9).WithSeed(42).WithR1Penalty(0.5)
                .WithInstanceNoise(0.05, 20).WithCheckpoints(dir, every: 7, keep: 2).WithLearningRateSchedule(LearningRateSchedule.LinearDecay(10, 30)).Build();
        }

        using var straight = Make(_dir.File("straight"));
        straight.Train(data, 25);

        using (var first = Make(_dir.File("resumed"))) first.Train(data, 14); // stops between checkpoints: step 14 is written at the end
        using var second = Make(_dir.File("resumed"));
        var result = second.Train(data, 25);

        result.StepsRun.Should().Be(11);
        second.Step.Should().Be(25);
        ShouldHaveIdenticalState(straight.Generator.Module, second.Generator.Module);
        ShouldHaveIdenticalState(straight.Discriminator.Module, second.Discriminator.Module);
        ShouldHaveIdenticalState(straight.Ema!.Average.Module, second.Ema!.Average.Module);
        second.History.Select(h => h.GeneratorLoss).Should().Equal(straight.History.Select(h => h.GeneratorLoss));
    }

    [Fact]
    public void Resume_in_the_middle_of_an_ADA_window_adjusts_p_exactly_where_the_uninterrupted_run_does()
    {
        using var data = TrainerTestModels.SmallImages();
        GanTrainer Make(string dir)
        {
            var (g, d) = TrainerTestModels.ConditionalDcgan();
            // Windows of 3 D updates; a target below every possible r_t, so p rises by 12 · 3 / 1000 at each window's end and
            // the number of windows closed decides p. Step 14 ends with 2 updates of an open window.
            return GanTrainer.CreateBuilder(g, d).WithBatchSize(12).WithSeed(7)
                .WithAugmentation(GanKit.Augmentation.DiffAugment.Default,
                    new GanKit.Augmentation.AdaptiveAugmentationSettings(Target: -0.99, AdjustmentImages: 1000, Interval: 3, InitialProbability: 0.1))
                .WithCheckpoints(dir, every: 7, keep: 2).Build();
        }

        using var straight = Make(_dir.File("straight"));
        straight.Train(data, 25);
        straight.AugmentationController!.Probability.Should().BeApproximately(0.1 + 8 * 0.036, 1e-9, "8 windows closed in 25 updates");

        using (var first = Make(_dir.File("resumed"))) first.Train(data, 14); // 14 = 4 windows of 3 + 2 open updates
        using var second = Make(_dir.File("resumed"));
        second.Train(data, 25);

        second.AugmentationController!.Probability.Should().Be(straight.AugmentationController.Probability);
        ShouldHaveIdenticalState(straight.Generator.Module, second.Generator.Module);
        ShouldHaveIdenticalState(straight.Discriminator.Module, second.Discriminator.Module);
    }

    [Fact]
    public void Resume_is_exact_for_an_mlp_with_spectral_norm_and_packing()
    {
        using var data = GaussianMixture.Grid25.CreateDataset(2000, seed: 2);
        GanTrainer Make(string dir)
        {
            var (g, d) = TrainerTestModels.MixtureModels(seed: 3, spectralNorm: true, pack: 2);
            return GanTrainer.CreateBuilder(g, d).WithLoss(GanLosses.Hinge).WithBatchSize(64).WithCriticSteps(2)
                .WithCheckpoints(dir, every: 10).WithSeed(7).Build();
        }

        using var straight = Make(_dir.File("a"));
        straight.Train(data, 60); // 60 × 2 × 64 samples: crosses epochs of 2,000
        using (var first = Make(_dir.File("b"))) first.Train(data, 30);
        using var second = Make(_dir.File("b"));
        second.Train(data, 60);
        ShouldHaveIdenticalState(straight.Generator.Module, second.Generator.Module);
        ShouldHaveIdenticalState(straight.Discriminator.Module, second.Discriminator.Module);
    }

    [Fact]
    public void Checkpoints_keep_the_newest_and_detect_corruption()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        var dir = _dir.File("run");
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithEma(0.9).WithCheckpoints(dir, every: 5, keep: 2).Build();
        var result = trainer.Train(data, 23);

        Directory.GetFiles(dir, "*.gkc").Select(Path.GetFileName).Should().BeEquivalentTo(["step-00000020.gkc", "step-00000023.gkc"]);
        result.LastCheckpoint.Should().EndWith("step-00000023.gkc");
        var info = Checkpoint.ReadInfo(result.LastCheckpoint!);
        info.Step.Should().Be(23);
        info.HasEma.Should().BeTrue();
        info.Generator.Should().Be(g.Spec);

        using var loaded = Checkpoint.LoadGenerator(dir);
        using var fromTrainer = trainer.Sample(10, seed: 3);
        using var rng = Seeding.CreateGenerator(3, "sample");
        using var fromCheckpoint = loaded.Generate(10, random: rng);
        fromCheckpoint.eq(fromTrainer).all().item<bool>().Should().BeTrue("the checkpoint's EMA generator is the trainer's");

        var bytes = File.ReadAllBytes(result.LastCheckpoint!);
        var altered = _dir.File("altered.gkc");
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(altered, bytes);
        FluentActions.Invoking(() => Checkpoint.LoadGenerator(altered)).Should().Throw<CheckpointCorruptedException>().WithMessage("*checksum*");
        var truncated = _dir.File("truncated.gkc");
        File.WriteAllBytes(truncated, File.ReadAllBytes(result.LastCheckpoint!)[..1000]);
        FluentActions.Invoking(() => Checkpoint.ReadInfo(truncated)).Should().Throw<CheckpointCorruptedException>().WithMessage("*truncated or was altered*");
        var notOne = _dir.File("random.gkc");
        File.WriteAllText(notOne, "hello");
        FluentActions.Invoking(() => Checkpoint.ReadInfo(notOne)).Should().Throw<CheckpointCorruptedException>().WithMessage("*not a GanKit checkpoint*");
    }

    [Fact]
    public void A_checkpoint_of_other_models_is_refused_on_resume()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        var dir = _dir.File("run");
        using (var t = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithCheckpoints(dir, every: 5).Build()) t.Train(data, 5);
        var g2 = Generator.CreateBuilder().ForVectors(2).WithLatentSize(4).UseMlp(16, 2).Build();
        var d2 = Discriminator.CreateBuilder().ForVectors(2).UseMlp(32, 2).Build();
        using var other = GanTrainer.CreateBuilder(g2, d2).WithBatchSize(16).WithCheckpoints(dir).Build();
        FluentActions.Invoking(() => other.Train(data, 10)).Should().Throw<CheckpointCorruptedException>().WithMessage("*generator's specification differs*");
    }

    [Fact]
    public async Task Cancellation_stops_between_steps_and_writes_a_checkpoint()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        var dir = _dir.File("run");
        using var cts = new CancellationTokenSource();
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithCheckpoints(dir, every: 1000)
            .OnStep(7, (_, _) => cts.Cancel()).Build();
        var act = () => trainer.TrainAsync(data, 1_000_000, cancellationToken: cts.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();
        trainer.Step.Should().Be(7);
        File.Exists(Path.Combine(dir, "step-00000007.gkc")).Should().BeTrue();
    }

    [Fact]
    public async Task A_stop_request_ends_training_between_steps_with_a_checkpoint_and_a_result()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        var dir = _dir.File("run");
        using var stop = new StopSource();
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithCheckpoints(dir, every: 1000)
            .OnStep(7, (_, _) => stop.RequestStop()).Build();

        var result = await trainer.TrainAsync(data, 1_000_000, stop: stop);

        result.StoppedEarly.Should().BeTrue();
        result.FinalStep.Should().Be(7);
        result.History.Should().HaveCount(7);
        result.LastCheckpoint.Should().Be(Path.Combine(dir, "step-00000007.gkc"));
        File.Exists(result.LastCheckpoint).Should().BeTrue();
        g.Dispose();
        d.Dispose();
    }

    [Fact]
    public void A_nan_loss_stops_training_naming_the_step_without_touching_the_weights()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16)
            .WithLoss(new TrainerTestModels.PoisonedLoss(call => call >= 3)).Build();
        var ex = FluentActions.Invoking(() => trainer.Train(data, 10)).Should().Throw<TrainingDivergedException>().Which;
        ex.Step.Should().Be(3);
        ex.Message.Should().Contain("step 3").And.Contain("discriminator loss is NaN");
        trainer.Step.Should().Be(2);
        d.Parameters().Should().OnlyContain(p => isfinite(p).all().item<bool>());
    }

    [Fact]
    public void Divergence_can_roll_back_to_the_last_checkpoint()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithCheckpoints(_dir.File("run"), every: 4)
            .WithLoss(new TrainerTestModels.PoisonedLoss(call => call == 6)).OnDivergence(DivergencePolicy.RollBackToCheckpoint).Build();
        var result = trainer.Train(data, 12);
        result.Rollbacks.Should().Be(1);
        result.FinalStep.Should().Be(12);
        result.History.Select(h => h.Step).Should().Equal(Enumerable.Range(1, 12).Select(i => (long)i));
    }

    [Fact]
    public void Progress_reports_losses_scores_and_rates()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithLoss(GanLosses.WassersteinGp()).WithProgressInterval(5).Build();
        var reports = new List<TrainingProgress>();
        trainer.Train(data, 20, new SynchronousProgress<TrainingProgress>(reports.Add));
        reports.Select(r => r.Step).Should().Equal(5, 10, 15, 20);
        reports.Should().OnlyContain(r => r.TargetStep == 20 && double.IsFinite(r.Metrics.DiscriminatorLoss) && r.Metrics.Penalty > 0);
        reports.Should().OnlyContain(r => r.StepsPerSecond > 0 && r.Metrics == trainer.History[(int)r.Step - 1]);
        reports.Select(r => r.Elapsed).Should().BeInAscendingOrder();
        foreach (var r in reports) // the ETA is the remaining steps at the measured rate
            r.EstimatedRemaining.TotalSeconds.Should().BeApproximately((20 - r.Step) / r.StepsPerSecond, 1e-3);
        reports[^1].EstimatedRemaining.Should().Be(TimeSpan.Zero);
        reports[^1].Fraction.Should().Be(1);
    }

    [Fact]
    public void The_balance_rule_skips_discriminator_updates_below_the_floor()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        var before = d.Module.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithDiscriminatorLossFloor(100).Build();
        var result = trainer.Train(data, 5);
        result.History.Should().OnlyContain(m => m.DiscriminatorSkipped);
        foreach (var (name, value) in d.Module.state_dict()) value.eq(before[name]).all().item<bool>().Should().BeTrue(name);
    }

    [Fact]
    public void Ema_follows_the_generator_at_its_decay()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var ema = new ExponentialMovingAverage(g, 0.75);
        var p = g.Parameters().First();
        var e = ema.Average.Parameters().First();
        using var start = e.clone();
        using (no_grad()) p.add_(1f);
        ema.Update();
        e.sub(start).sub(0.25f).abs().max().item<float>().Should().BeLessThan(1e-5f);
        g.Dispose();
        d.Dispose();
    }

    [Fact]
    public void A_short_run_on_ring8_moves_samples_onto_the_modes()
    {
        // An untrained generator puts essentially no samples within 3σ = 0.03 of a mode (they cover ~0.1% of the plane
        // the initial samples spread over). A seeded run is bit-reproducible on one CPU only: other kernels (AVX2 vs
        // AVX-512, MKL/oneDNN paths) and thread counts round differently and the GAN amplifies that, so the recipe must
        // work from any seed. The former one (no packing, constant Adam 1e-3) did not: seeds 1–10 gave 0–8 modes and
        // 0–61% high quality (2 threads, avx2), and this test's seeds 7 modes under avx2 but 0 under
        // ATEN_CPU_CAPABILITY=default. PacGAN packing (m = 2) + Adam 2e-3 decayed linearly to 0 over the same 1,500 steps,
        // over seeds 1–10 × threads 1/2 × kernels avx2 / default / compatibility (default + MKL_CBWR=COMPATIBLE +
        // DNNL_MAX_CPU_ISA=SSE41), 60 runs: 8 of 8 modes in every run; high-quality fraction min 0.051, median 0.148,
        // max 0.432 (kernels moved a seed's fraction by up to 0.11); untrained 0.000 in every run.
        // Rerun with `./build.sh bench learned-outcomes ring8`, once per ATEN_CPU_CAPABILITY.
        var (before, after) = Ring8Recipe.Run(seed: 1);

        before.HighQualityFraction.Should().BeLessThan(0.005);
        after.ModesCaptured.Should().BeGreaterThanOrEqualTo(7, "every measured run captured all 8");
        after.HighQualityFraction.Should().BeGreaterThan(0.02, "the measured minimum is 0.051");
    }
}

internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
