using GanKit.Checkpoints;
using GanKit.Cli.Runs;
using GanKit.Losses;
using GanKit.Training;

namespace GanKit.Cli.Tests;

/// <summary>`gankit train` writes the library's own options record into run.json, the same one the checkpoints hold.</summary>
public sealed class TrainerOptionsFlagsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Optimizer_and_schedule_flags_become_the_trainer_options_in_run_json_and_the_checkpoint()
    {
        var run = Path.Combine(_dir, "run");
        // --recipe dcgan: the pre-recipe defaults (no EMA, learning rates 2e-4); ring8's default recipe, mixture, adds an EMA and 1e-3.
        var r = CliRunner.Run("train", "--data", "ring8", "--recipe", "dcgan", "--model", "mlp", "--width", "16", "--loss", "wgan-gp:2", "--optimizer", "rmsprop",
            "--lr-schedule", "cosine", "--warmup", "3", "--steps", "6", "--batch", "32", "--seed", "5", "--json", "--out", run);
        r.ExitCode.Should().Be(0, r.StdErr);

        var settings = RunSettings.Load(run);
        var expected = new GanTrainerOptions
        {
            Loss = GanLosses.WassersteinGp(2),
            GeneratorOptimizer = OptimizerSettings.RmsProp(2e-4),
            DiscriminatorOptimizer = OptimizerSettings.RmsProp(2e-4),
            LearningRateSchedule = LearningRateSchedule.Warmup(3, LearningRateSchedule.Cosine(3, 6)),
            BatchSize = 32,
            Seed = 5,
            CheckpointEvery = 500,
            CheckpointKeep = 3,
        };
        settings.Trainer.Should().Be(expected);
        Checkpoint.ReadInfo(Path.Combine(run, "checkpoints")).Options.Should()
            .Be(expected with { CheckpointDirectory = Path.Combine(run, "checkpoints") });
    }

    [Fact]
    public void Unknown_optimizer_and_schedule_names_are_user_errors()
    {
        var r = CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--optimizer", "lion", "--out", Path.Combine(_dir, "a"));
        r.ExitCode.Should().Be(2, r.StdErr);
        r.StdErr.Should().Contain("--optimizer 'lion'").And.Contain("rmsprop");
        r = CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--lr-schedule", "step", "--out", Path.Combine(_dir, "b"));
        r.ExitCode.Should().Be(2, r.StdErr);
        r.StdErr.Should().Contain("--lr-schedule 'step'").And.Contain("cosine");
    }
}
