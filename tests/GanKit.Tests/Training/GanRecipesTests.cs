using GanKit.Augmentation;
using GanKit.Losses;
using GanKit.Models;
using GanKit.Regularizers;
using GanKit.Training;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Training;

public sealed class GanRecipesTests
{
    public static TheoryData<string, bool> RecipesAndKinds()
    {
        var data = new TheoryData<string, bool>();
        foreach (var recipe in GanRecipes.All)
        {
            data.Add(recipe.Name, true);
            data.Add(recipe.Name, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RecipesAndKinds))]
    public void Every_recipe_builds_a_valid_trainer_for_images_and_for_2d_points(string name, bool images)
    {
        var recipe = GanRecipes.FromName(name.ToUpperInvariant());
        var gb = images ? Generator.CreateBuilder().ForImages(1, 28, 28) : Generator.CreateBuilder().ForVectors(2);
        var db = images ? Discriminator.CreateBuilder().ForImages(1, 28, 28) : Discriminator.CreateBuilder().ForVectors(2);
        using var g = recipe.ConfigureGenerator(gb, images).WithSeed(1).Build();
        using var d = recipe.ConfigureDiscriminator(db, images).WithSeed(2).Build();
        using var trainer = recipe.ConfigureTrainer(GanTrainer.CreateBuilder(g, d), images, steps: 100).Build();
        trainer.Options.Loss.Name.Should().Be(GanLosses.FromName(recipe.Loss).Name);
        trainer.Options.BatchSize.Should().Be(images ? recipe.ImageBatchSize : recipe.VectorBatchSize);
        trainer.Options.CriticSteps.Should().Be(recipe.CriticSteps);
        (trainer.Options.Augmentation is not null).Should().Be(images && recipe.Augmentation is not null);
        (trainer.Ema is not null).Should().Be(recipe.EmaDecay is not null || recipe.EmaHalfLifeImages is not null);
        (trainer.Options.LearningRateSchedule == LearningRateSchedule.LinearDecay(0, 100)).Should().Be(recipe.LearningRateDecayToZero);
        d.Descriptor.PackSize.Should().Be(recipe.Pack);
    }

    [Fact]
    public void Modern_is_rpgan_with_r1_r2_diffaugment_and_a_warmed_up_ema_and_the_defaults_follow_the_benchmarks()
    {
        var m = GanRecipes.Modern;
        m.Loss.Should().Be("rpgan");
        m.R1.Should().BePositive();
        m.R2.Should().BePositive();
        DiffAugment.Parse(m.Augmentation!).Name.Should().Be(DiffAugment.Default.Name);
        m.EmaHalfLifeImages.Should().NotBeNull();
        GanRecipes.DefaultFor(images: true).Should().BeSameAs(GanRecipes.Dcgan);
        GanRecipes.DefaultFor(images: false).Should().BeSameAs(GanRecipes.Mixture);
        GanRecipes.All.Select(r => r.Name).Should().Contain(["dcgan", "wgan-gp", "pacgan", "sngan", "modern", "mixture"]).And.OnlyHaveUniqueItems();
        FluentActions.Invoking(() => GanRecipes.FromName("biggan")).Should().Throw<ArgumentException>().WithMessage("*dcgan*modern*");
    }

    [Fact]
    public void The_modern_trainer_uses_r1_and_r2_and_no_batch_norm_in_d()
    {
        var recipe = GanRecipes.Modern;
        using var g = recipe.ConfigureGenerator(Generator.CreateBuilder().ForImages(1, 28, 28), true).Build();
        using var d = recipe.ConfigureDiscriminator(Discriminator.CreateBuilder().ForImages(1, 28, 28), true).Build();
        using var trainer = recipe.ConfigureTrainer(GanTrainer.CreateBuilder(g, d), true, 10).Build();
        trainer.Options.Regularizers.Select(r => r.GetType()).Should().Equal(typeof(R1Penalty), typeof(R2Penalty));
        d.Spec!.BatchNorm.Should().BeFalse();
    }
}
