using System.Text.Json;
using GanKit.Cli.Runs;
using GanKit.Losses;
using GanKit.Regularizers;
using GanKit.Training;

namespace GanKit.Cli.Tests;

/// <summary>`gankit train --recipe`: the recipe fills every setting, explicit flags override it, run.json records it.</summary>
public sealed class RecipeCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-recipe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement RunJson(string run) => JsonDocument.Parse(File.ReadAllText(Path.Combine(run, RunSettings.FileName))).RootElement;

    [Fact]
    public void Without_flags_ring8_trains_with_the_mixture_recipe_and_run_json_records_it()
    {
        var run = Path.Combine(_dir, "default");
        var train = CliRunner.Run("train", "--data", "ring8", "--steps", "2", "--out", run, "--json");
        train.ExitCode.Should().Be(0, train.StdErr);
        var s = RunJson(run);
        s.GetProperty("recipe").GetString().Should().Be("mixture");
        s.GetProperty("model").GetString().Should().Be("mlp");
        s.GetProperty("pack").GetInt32().Should().Be(GanRecipes.Mixture.Pack);
        s.GetProperty("generatorBatchNorm").GetBoolean().Should().BeTrue();
        var trainer = RunSettings.Load(run).Trainer;
        trainer.BatchSize.Should().Be(GanRecipes.Mixture.VectorBatchSize);
        trainer.LearningRateSchedule.Should().Be(LearningRateSchedule.LinearDecay(0, 2));
        trainer.EmaWarmup!.HalfLifeImages.Should().Be(GanRecipes.Mixture.EmaHalfLifeImages!.Value);
    }

    [Fact]
    public void Explicit_flags_override_the_named_recipe()
    {
        var run = Path.Combine(_dir, "pacgan");
        var train = CliRunner.Run("train", "--data", "ring8", "--recipe", "pacgan", "--pack", "4", "--batch", "40", "--width", "16", "--steps", "2", "--out", run, "--json");
        train.ExitCode.Should().Be(0, train.StdErr);
        var s = RunJson(run);
        s.GetProperty("recipe").GetString().Should().Be("pacgan");
        s.GetProperty("pack").GetInt32().Should().Be(4);
        s.GetProperty("width").GetInt32().Should().Be(16);
        var trainer = RunSettings.Load(run).Trainer;
        trainer.BatchSize.Should().Be(40);
        trainer.GeneratorOptimizer.LearningRate.Should().Be(GanRecipes.PacGan.GeneratorOptimizer.LearningRate);
    }

    [Fact]
    public void An_unknown_recipe_is_a_user_error()
    {
        var result = CliRunner.Run("train", "--data", "ring8", "--recipe", "stylegan9", "--out", Path.Combine(_dir, "x"));
        result.ExitCode.Should().NotBe(0);
        result.StdErr.Should().Contain("--recipe").And.Contain("stylegan9");
    }

    [Fact]
    public void Images_default_to_the_dcgan_recipe()
    {
        var s = RecipeSettings.Create(RecipeSettings.Resolve(null, DataSource.Parse("fashion-mnist")), DataSource.Parse("fashion-mnist"),
            new RecipeSettings.Overrides { Augment = null }, 1000,
            new RunSettings { Data = "fashion-mnist", Model = "", Trainer = new GanTrainerOptions { Seed = 1 } });
        s.Recipe.Should().Be("dcgan");
        s.Trainer.Loss.Should().Be(GanLosses.NonSaturating);
        s.Trainer.Regularizers.Should().BeEmpty();
        s.Trainer.Augmentation.Should().BeNull();
        s.Trainer.BatchSize.Should().Be(GanRecipes.Dcgan.ImageBatchSize);
        s.DiscriminatorWithoutBatchNorm.Should().BeFalse();
        ((AdamSettings)s.Trainer.DiscriminatorOptimizer).Beta1.Should().Be(0.5);
    }

    [Fact]
    public void The_modern_recipe_sets_its_ingredients_and_flags_turn_them_off()
    {
        var s = RecipeSettings.Create(RecipeSettings.Resolve("modern", DataSource.Parse("fashion-mnist")), DataSource.Parse("fashion-mnist"),
            new RecipeSettings.Overrides { Augment = null }, 1000,
            new RunSettings { Data = "fashion-mnist", Model = "", Trainer = new GanTrainerOptions { Seed = 1 } });
        s.Recipe.Should().Be("modern");
        s.Trainer.Loss.Should().Be(GanLosses.RelativisticPairing);
        s.Trainer.Regularizers.OfType<R1Penalty>().Single().Gamma.Should().Be(GanRecipes.Modern.R1);
        s.Trainer.Regularizers.OfType<R2Penalty>().Single().Gamma.Should().Be(GanRecipes.Modern.R2);
        s.Trainer.Augmentation!.Policy.Should().Be("color,translation,cutout");
        s.Trainer.EmaWarmup!.HalfLifeImages.Should().Be(GanRecipes.Modern.EmaHalfLifeImages);
        s.Trainer.EmaDecay.Should().BeNull();
        s.DiscriminatorWithoutBatchNorm.Should().BeTrue();
        ((AdamSettings)s.Trainer.DiscriminatorOptimizer).Beta1.Should().Be(0);
        var off = RecipeSettings.Create(GanRecipes.Modern, DataSource.Parse("fashion-mnist"), new RecipeSettings.Overrides { Augment = "none", Ema = 0.99 }, 1000,
            new RunSettings { Data = "fashion-mnist", Model = "", Trainer = new GanTrainerOptions { Seed = 1 } });
        off.Trainer.Augmentation.Should().BeNull();
        off.Trainer.EmaDecay.Should().Be(0.99);
        off.Trainer.EmaWarmup.Should().BeNull();
    }
}
