using System.Text.Json;
using GanKit.Checkpoints;
using GanKit.Configuration;
using GanKit.Losses;
using GanKit.Data;
using GanKit.Metrics;
using GanKit.Models;
using GanKit.Regularizers;
using GanKit.Tests.TestSupport;
using GanKit.Training;

namespace GanKit.Tests.Training;

/// <summary>Trainer options are plain data: JSON round trip, stored in checkpoints, behaviour passed separately.</summary>
public sealed class OptionsAsDataTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static GanTrainerOptions Everything() => new()
    {
        Loss = GanLosses.WassersteinGp(5),
        GeneratorOptimizer = OptimizerSettings.AdamW(1e-4, 0, 0.9, 0.05),
        DiscriminatorOptimizer = OptimizerSettings.RmsProp(5e-5, momentum: 0.1),
        LearningRateSchedule = LearningRateSchedule.Warmup(100, LearningRateSchedule.Cosine(100, 1000, 0.1), 0.01),
        BatchSize = 32,
        CriticSteps = 5,
        Regularizers = [new R1Penalty(0.5, 4), new GradientPenalty(2), new CustomRegularizer("mine", 2)],
        EmaDecay = 0.999,
        Seed = 17,
        DiscriminatorLossFloor = -3,
        InstanceNoiseStd = 0.1,
        InstanceNoiseSteps = 200,
        MaxGradientNorm = 5,
        CheckpointDirectory = "runs/x",
        CheckpointEvery = 50,
        CheckpointKeep = 2,
        DivergencePolicy = DivergencePolicy.RollBackToCheckpoint,
        ProgressInterval = 7,
    };

    [Fact]
    public void Options_survive_a_json_round_trip_as_an_equal_record()
    {
        var options = Everything();
        var json = options.ToJson();
        GanTrainerOptions.FromJson(json).Should().Be(options);
        new GanTrainerOptions().Should().Be(GanTrainerOptions.FromJson("{}"), "missing properties keep their defaults");
        (options with { Regularizers = [new R1Penalty(0.5, 4)] }).Should().NotBe(options, "the regularizer list is compared by value");

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        root.GetProperty("Loss").GetProperty("type").GetString().Should().Be("wgan-gp");
        root.GetProperty("Loss").GetProperty("Lambda").GetDouble().Should().Be(5);
        root.GetProperty("Loss").TryGetProperty("Name", out _).Should().BeFalse("behaviour-derived properties are not data");
        root.GetProperty("GeneratorOptimizer").GetProperty("type").GetString().Should().Be("adamw");
        root.GetProperty("GeneratorOptimizer").TryGetProperty("Kind", out _).Should().BeFalse();
        root.GetProperty("Regularizers")[2].TryGetProperty("Name", out _).Should().BeFalse();
        root.GetProperty("DiscriminatorOptimizer").GetProperty("type").GetString().Should().Be("rmsprop");
        root.GetProperty("LearningRateSchedule").GetProperty("Then").GetProperty("type").GetString().Should().Be("cosine");
        root.GetProperty("Regularizers").EnumerateArray().Select(r => r.GetProperty("type").GetString()).Should().Equal("r1", "gp", "custom");
        root.GetProperty("DivergencePolicy").GetString().Should().Be("RollBackToCheckpoint");
        root.TryGetProperty("LoggerFactory", out _).Should().BeFalse();
        root.TryGetProperty("Device", out _).Should().BeFalse();
        root.TryGetProperty("Callbacks", out _).Should().BeFalse();
    }

    [Fact]
    public void Unknown_types_in_options_json_are_refused()
    {
        FluentActions.Invoking(() => GanTrainerOptions.FromJson("""{ "Loss": { "type": "bce" } }""")).Should().Throw<JsonException>();
        FluentActions.Invoking(() => GanTrainerOptions.FromJson("""{ "GeneratorOptimizer": { "type": "lion", "LearningRate": 1 } }""")).Should().Throw<JsonException>();
        FluentActions.Invoking(() => GanTrainerOptions.FromJson("""{ "Loss": { "Lambda": 1 } }""")).Should().Throw<JsonException>("a loss without its type");
        FluentActions.Invoking(() => GanTrainerOptions.FromJson("null")).Should().Throw<JsonException>();
    }

    [Fact]
    public void A_checkpoint_holds_the_trainers_options_and_they_build_the_same_trainer_again()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(400, seed: 1);
        var dir = _dir.File("run");
        using var trainer = GanTrainer.CreateBuilder(g, d).WithLoss(GanLosses.Hinge).WithBatchSize(16).WithSeed(3).WithEma(0.9)
            .WithR1Penalty(0.2, 2).WithOptimizers(OptimizerSettings.Sgd(0.01, 0.9), OptimizerSettings.AdamW(1e-3))
            .WithLearningRateSchedule(LearningRateSchedule.Warmup(5, LearningRateSchedule.Cosine(5, 50)))
            .WithCheckpoints(dir, every: 3).Build();
        trainer.Train(data, 4);

        var info = Checkpoint.ReadInfo(dir);
        info.Options.Should().Be(trainer.Options);

        var (g2, d2) = TrainerTestModels.MixtureModels();
        using var again = GanTrainer.CreateBuilder(g2, d2).WithOptions(info.Options!).Build();
        again.Options.Should().Be(trainer.Options);
        again.Train(data, 6).StepsRun.Should().Be(2, "the same options point at the same run folder, so it resumes");
    }

    [Fact]
    public void A_loss_and_a_regularizer_of_your_own_are_stored_by_name_and_must_be_passed_again_to_resume()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(400, seed: 1);
        var dir = _dir.File("own");
        var loss = new TrainerProbes.RecordingLoss();
        var regularizer = new TrainerProbes.RecordingRegularizer();
        using (var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithLoss(loss).WithRegularizer(regularizer)
                   .WithCheckpoints(dir, every: 3).Build())
        {
            trainer.Options.Loss.Should().Be(new CustomLoss("ns"));
            trainer.Options.Regularizers.Should().Equal(new CustomRegularizer(regularizer.Name, 1));
            trainer.Train(data, 3);
        }

        loss.DiscriminatorLosses.Should().HaveCount(3, "the instance is what runs");
        var options = Checkpoint.ReadInfo(dir).Options!;
        options.Loss.Should().Be(new CustomLoss("ns"));

        var error = FluentActions.Invoking(() => GanTrainer.CreateBuilder(g, d).WithOptions(options).Build())
            .Should().Throw<GanKitConfigurationException>().Which;
        error.Problems.Should().HaveCount(2);
        error.Problems.Should().Contain(p => p.Contains("loss 'ns' of your own") && p.Contains("WithLoss"));
        error.Problems.Should().Contain(p => p.Contains($"regularizer '{regularizer.Name}' of your own") && p.Contains("WithRegularizer"));

        var again = new TrainerProbes.RecordingLoss();
        using var resumed = GanTrainer.CreateBuilder(g, d).WithOptions(options).WithLoss(again).WithRegularizer(new TrainerProbes.RecordingRegularizer()).Build();
        resumed.Options.Should().Be(options, "passing the instances the options name adds nothing to them");
        resumed.Train(data, 5).StepsRun.Should().Be(2);
        again.DiscriminatorLosses.Should().HaveCount(2);
    }

    [Fact]
    public void An_old_checkpoint_with_options_as_free_text_still_loads_and_reports_no_options()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(400, seed: 1);
        var dir = _dir.File("old");
        using (var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithCheckpoints(dir, every: 3).Build()) trainer.Train(data, 3);
        var path = Checkpoint.FindLatest(dir)!;

        var sections = CheckpointFile.Read(path);
        var meta = CheckpointMetadata.FromJson(sections[CheckpointSections.Metadata], path);
        Rewrite(path, sections, meta with { Options = JsonSerializer.SerializeToElement("loss=ns; batch=16; critic=1; g=OptimizerSettings { LearningRate = 0.0002 }") });
        var info = Checkpoint.ReadInfo(path);
        info.Options.Should().BeNull();
        info.Loss.Should().Be("ns");
        using (var resumed = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithCheckpoints(dir, every: 3).Build())
            resumed.Train(data, 5).StepsRun.Should().Be(2, "resuming needs no stored options");

        var newest = Checkpoint.FindLatest(dir)!;
        var newSections = CheckpointFile.Read(newest);
        var newMeta = CheckpointMetadata.FromJson(newSections[CheckpointSections.Metadata], newest);
        Rewrite(newest, newSections, newMeta with { Options = JsonDocument.Parse("""{ "Loss": { "type": "bce" } }""").RootElement });
        FluentActions.Invoking(() => Checkpoint.ReadInfo(newest)).Should().Throw<CheckpointCorruptedException>()
            .WithMessage("*stored trainer options are not valid*");
    }

    private static void Rewrite(string path, IReadOnlyDictionary<string, byte[]> sections, CheckpointMetadata meta)
    {
        var list = sections.Select(s => (s.Key, s.Key == CheckpointSections.Metadata ? meta.ToJson() : s.Value)).ToList();
        File.Delete(path);
        CheckpointFile.Write(path, list);
    }
}
