using GanKit.Configuration;
using GanKit.Losses;
using GanKit.Models;
using GanKit.Training;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Models;

public sealed class BuilderValidationTests
{
    [Fact]
    public void Generator_builder_lists_every_problem_at_once()
    {
        var act = () => Generator.CreateBuilder().WithLatentSize(0).ForImages(1, 30, 30).UseDcgan(0).WithClasses(1).Build();
        var ex = act.Should().Throw<GanKitConfigurationException>().Which;
        ex.Problems.Should().HaveCount(4);
        ex.Message.Should().Contain("latent size").And.Contain("[1,30,30]").And.Contain("width").And.Contain("at least 2 classes");
    }

    [Fact]
    public void Missing_shape_and_architecture_are_reported()
    {
        var ex = FluentActions.Invoking(() => Discriminator.CreateBuilder().Build()).Should().Throw<GanKitConfigurationException>().Which;
        ex.Problems.Should().HaveCount(2);
    }

    [Fact]
    public void Trainer_builder_lists_every_problem_at_once()
    {
        using var g = Generator.CreateBuilder().ForImages(1, 28, 28).UseDcgan(4).Build();
        using var d = Discriminator.CreateBuilder().ForImages(1, 28, 28).UseDcgan(4).WithClasses(10).Build();
        var act = () => GanTrainer.CreateBuilder(g, d)
            .WithLoss(GanLosses.WassersteinGp())
            .WithOptimizers(OptimizerSettings.Adam(-1e-4), OptimizerSettings.Adam(1e-4, beta1: 1.5))
            .WithCriticSteps(0)
            .WithEma(1.2)
            .WithLabelSmoothing(0.9)
            .OnDivergence(DivergencePolicy.RollBackToCheckpoint)
            .WithR1Penalty(-1)
            .Build();
        var ex = act.Should().Throw<GanKitConfigurationException>().Which;
        ex.Message.Should().Contain("no class count").And.Contain("generator learning rate").And.Contain("β1")
            .And.Contain("critic steps").And.Contain("EMA decay").And.Contain("Label smoothing has no meaning")
            .And.Contain("needs checkpoints").And.Contain("R1").And.Contain("batch norm");
        ex.Problems.Should().HaveCount(9);
    }

    [Fact]
    public void Shape_mismatch_and_pack_divisibility_are_reported()
    {
        using var g = Generator.CreateBuilder().ForVectors(2).UseMlp().Build();
        using var d = Discriminator.CreateBuilder().ForVectors(3).UseMlp().WithPacking(3).Build();
        var ex = FluentActions.Invoking(() => GanTrainer.CreateBuilder(g, d).WithBatchSize(64).Build())
            .Should().Throw<GanKitConfigurationException>().Which;
        ex.Problems.Should().Contain(p => p.Contains("[2]") && p.Contains("[3]"));
        ex.Problems.Should().Contain(p => p.Contains("divisible by the discriminator's pack size (3)"));
    }
}
