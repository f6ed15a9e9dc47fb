using GanKit.Checkpoints;
using GanKit.Configuration;
using GanKit.Data;
using GanKit.Metrics;
using GanKit.Tests.TestSupport;
using GanKit.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.Tests.Training;

/// <summary>The optimizer zoo and learning-rate schedules: exact resume for each, rates applied per step, validation.</summary>
public sealed class OptimizerAndScheduleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Cases => ["adam-linear", "adamw-cosine", "sgd-warmup-linear", "rmsprop-warmup-cosine", "custom-cosine"];

    private static (OptimizerSettings G, OptimizerSettings D, LearningRateSchedule Schedule) Case(string name) => name switch
    {
        "adam-linear" => (OptimizerSettings.Adam(1e-3), OptimizerSettings.Adam(2e-3, 0, 0.99), LearningRateSchedule.LinearDecay(4, 16, 0.2)),
        "adamw-cosine" => (OptimizerSettings.AdamW(1e-3), OptimizerSettings.AdamW(2e-3, weightDecay: 0.1), LearningRateSchedule.Cosine(0, 16, 0.1)),
        "sgd-warmup-linear" => (OptimizerSettings.Sgd(1e-2, 0.9, nesterov: true), OptimizerSettings.Sgd(2e-2, 0.5),
            LearningRateSchedule.Warmup(10, LearningRateSchedule.LinearDecay(10, 20))),
        "rmsprop-warmup-cosine" => (OptimizerSettings.RmsProp(1e-3, momentum: 0.5), OptimizerSettings.RmsProp(2e-3),
            LearningRateSchedule.Warmup(10, LearningRateSchedule.Cosine(10, 20, 0.1), startFactor: 0.1)),
        "custom-cosine" => (OptimizerSettings.Custom("my-sgd", 1e-2), OptimizerSettings.Adam(), LearningRateSchedule.Cosine(2, 18)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static GanTrainer Make(string name, string dir)
    {
        var (g, d) = TrainerTestModels.MixtureModels(seed: 4);
        var (go, dopt, schedule) = Case(name);
        return GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithSeed(9).WithEma(0.9)
            .WithOptimizers(go, dopt).WithLearningRateSchedule(schedule)
            .WithOptimizerFactory("my-sgd", (p, o) => optim.SGD(p, o.LearningRate, momentum: 0.8))
            .WithCheckpoints(dir, every: 5).Build();
    }

    private static void ShouldHaveIdenticalState(nn.Module a, nn.Module b)
    {
        var other = b.state_dict();
        foreach (var (name, value) in a.state_dict())
            value.eq(other[name]).all().item<bool>().Should().BeTrue($"'{name}' must be bit-identical");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resuming_mid_schedule_ends_with_exactly_the_weights_of_an_uninterrupted_run(string name)
    {
        using var data = GaussianMixture.Ring8.CreateDataset(400, seed: 1);
        using var straight = Make(name, _dir.File(name + "-straight"));
        straight.Train(data, 20);

        // Step 7 is inside every warm-up and cosine above; the checkpoint is written there at the end of the first run.
        using (var first = Make(name, _dir.File(name + "-resumed"))) first.Train(data, 7);
        using var second = Make(name, _dir.File(name + "-resumed"));
        second.Train(data, 20).StepsRun.Should().Be(13);

        ShouldHaveIdenticalState(straight.Generator.Module, second.Generator.Module);
        ShouldHaveIdenticalState(straight.Discriminator.Module, second.Discriminator.Module);
        ShouldHaveIdenticalState(straight.Ema!.Average.Module, second.Ema!.Average.Module);
        second.History.Select(h => h.DiscriminatorLoss).Should().Equal(straight.History.Select(h => h.DiscriminatorLoss));
    }

    [Fact]
    public void Without_its_optimizer_state_a_resumed_momentum_run_would_differ()
    {
        // Guards the test above: SGD with momentum carries state that the weights alone do not restore.
        using var data = GaussianMixture.Ring8.CreateDataset(400, seed: 1);
        using var straight = Make("sgd-warmup-linear", _dir.File("s"));
        straight.Train(data, 12);
        using var fresh = Make("sgd-warmup-linear", _dir.File("f"));
        fresh.Train(data, 6);
        var path = fresh.LastCheckpoint!;
        using var other = Make("sgd-warmup-linear", _dir.File("o"));
        other.ResumeFrom(path);
        using (var zero = no_grad())
        {
            foreach (var state in other.GeneratorOptimizer.state_dict().State.Cast<TorchSharp.Modules.SGD.State>())
                state.momentum_buffer?.zero_();
        }

        other.Train(data, 12);
        other.Generator.Module.parameters().Zip(straight.Generator.Module.parameters())
            .Any(p => !p.First.eq(p.Second).all().item<bool>()).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_step_runs_at_the_base_rate_times_the_schedule(string name)
    {
        using var data = GaussianMixture.Ring8.CreateDataset(400, seed: 1);
        using var trainer = Make(name, _dir.File(name));
        var (go, dopt, schedule) = Case(name);
        for (long step = 1; step <= 20; step++)
        {
            trainer.TrainStep(data);
            trainer.GeneratorOptimizer.ParamGroups.Should().OnlyContain(p => Math.Abs(p.LearningRate - go.LearningRate * schedule.FactorAt(step)) < 1e-15);
            trainer.DiscriminatorOptimizer.ParamGroups.Should().OnlyContain(p => Math.Abs(p.LearningRate - dopt.LearningRate * schedule.FactorAt(step)) < 1e-15);
        }
    }

    [Fact]
    public void The_built_in_optimizers_are_the_torch_ones_with_the_given_settings()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var trainer = GanTrainer.CreateBuilder(g, d).WithOptimizers(OptimizerSettings.Sgd(0.1, 0.7, nesterov: true), OptimizerSettings.RmsProp())
            .Build();
        trainer.GeneratorOptimizer.Should().BeOfType<TorchSharp.Modules.SGD>().Which.Momentum.Should().Be(0.7);
        trainer.DiscriminatorOptimizer.Should().BeOfType<TorchSharp.Modules.RMSProp>().Which.ParamGroups.Single().LearningRate.Should().Be(5e-5);
    }

    [Fact]
    public void Schedules_follow_their_formulas()
    {
        var linear = LearningRateSchedule.LinearDecay(10, 20, 0.2);
        new[] { 1L, 10, 16, 20, 30 }.Select(linear.FactorAt).Should().Equal([1, 1, 1 - 0.6 * 0.8, 0.2, 0.2], (a, b) => Math.Abs(a - b) < 1e-12);
        var cosine = LearningRateSchedule.Cosine(10, 22);
        new[] { 1L, 10, 14, 16, 22, 100 }.Select(cosine.FactorAt).Should().Equal([1, 1, 0.75, 0.5, 0, 0], (a, b) => Math.Abs(a - b) < 1e-12,
            "½(1 + cos πt): cos(π/3) = ½ a third of the way");
        var warmup = LearningRateSchedule.Warmup(10);
        new[] { 1L, 4, 10, 16 }.Select(warmup.FactorAt).Should().Equal([0.1, 0.4, 1, 1], (a, b) => Math.Abs(a - b) < 1e-12);
        LearningRateSchedule.Warmup(4, LearningRateSchedule.Cosine(4, 8, 0.5), startFactor: 0.2).FactorAt(2)
            .Should().BeApproximately(0.6, 1e-12, "0.2 + 0.8 · 2/4, times the cosine's 1 before it starts");
        LearningRateSchedule.Warmup(4, LearningRateSchedule.Cosine(4, 8, 0.5)).FactorAt(6)
            .Should().BeApproximately(0.75, 1e-12, "past warm-up: 0.5 + 0.5 · (1 + cos(π/2))/2");
        LearningRateSchedule.Constant.FactorAt(123).Should().Be(1);
    }

    [Fact]
    public void Every_bad_optimizer_and_schedule_setting_is_listed_at_once()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        var error = FluentActions.Invoking(() => GanTrainer.CreateBuilder(g, d)
                .WithOptimizers(OptimizerSettings.Sgd(0.1, momentum: 1.5), OptimizerSettings.Custom("nowhere", 1e-3))
                .WithLearningRateSchedule(LearningRateSchedule.Warmup(0, LearningRateSchedule.Cosine(5, 5, 2)))
                .Build())
            .Should().Throw<GanKitConfigurationException>().Which;
        error.Problems.Should().HaveCount(5);
        error.Problems.Should().Contain(p => p.Contains("generator SGD momentum"));
        error.Problems.Should().Contain(p => p.Contains("'nowhere'") && p.Contains("WithOptimizerFactory"));
        error.Problems.Should().Contain(p => p.Contains("warm-up needs at least 1 step"));
        error.Problems.Should().Contain(p => p.Contains("Cosine learning-rate decay needs 0 ≤ from < to"));
        error.Problems.Should().Contain(p => p.Contains("final learning-rate factor"));
    }

    [Fact]
    public void Resuming_with_another_kind_of_optimizer_is_refused_with_a_clear_message()
    {
        using var data = GaussianMixture.Ring8.CreateDataset(400, seed: 1);
        var dir = _dir.File("kinds");
        using (var first = Make("adam-linear", dir)) first.Train(data, 5);
        var (g, d) = TrainerTestModels.MixtureModels(seed: 4);
        using var other = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithEma(0.9).WithOptimizers(OptimizerSettings.Sgd(0.1), OptimizerSettings.Adam())
            .WithCheckpoints(dir, every: 5).Build();
        FluentActions.Invoking(() => other.Train(data, 6)).Should().Throw<CheckpointCorruptedException>()
            .WithMessage("*generator optimizer is Adam, not SGD*");
    }
}
