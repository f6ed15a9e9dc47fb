using GanKit.Data;
using GanKit.Training;
using static TorchSharp.torch;
using static GanKit.Tests.Training.TrainerProbes;

namespace GanKit.Tests.Training;

/// <summary>A finite loss with NaN gradients must stop (or roll back) training before any weight is written.</summary>
public sealed class GradientGuardTests : IDisposable
{
    private readonly TestSupport.TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Nan_discriminator_gradients_with_a_finite_loss_stop_training_naming_the_step_before_the_update()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16)
            .WithLoss(new NonFiniteGradientLoss(discriminator: true, call => call == 3)).Build();
        trainer.TrainStep(data);
        trainer.TrainStep(data);
        var dBefore = Weights(d.Module);
        var gBefore = Weights(g.Module);

        var ex = FluentActions.Invoking(() => trainer.TrainStep(data)).Should().Throw<TrainingDivergedException>().Which;

        ex.Step.Should().Be(3);
        ex.Message.Should().Contain("step 3").And.Contain("discriminator's gradients");
        trainer.Step.Should().Be(2);
        Weights(d.Module).Should().Equal(dBefore, "the NaN update was not applied");
        Weights(g.Module).Should().Equal(gBefore);
        dBefore.Should().OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void Nan_generator_gradients_with_a_finite_loss_stop_training_before_the_generator_update()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16)
            .WithLoss(new NonFiniteGradientLoss(discriminator: false, call => call == 2)).Build();
        trainer.TrainStep(data);
        var gBefore = Weights(g.Module);

        var ex = FluentActions.Invoking(() => trainer.TrainStep(data)).Should().Throw<TrainingDivergedException>().Which;

        ex.Step.Should().Be(2);
        ex.Message.Should().Contain("generator's gradients");
        Weights(g.Module).Should().Equal(gBefore, "the NaN update was not applied");
        Weights(g.Module).Should().OnlyContain(v => float.IsFinite(v));
        d.Module.parameters().Should().OnlyContain(p => p.requires_grad, "D is unfrozen even when G's update is refused");
    }

    [Fact]
    public void Nan_gradients_roll_back_to_the_last_checkpoint_under_that_policy()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        using var logs = new ListLoggerFactory();
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithCheckpoints(_dir.File("run"), every: 4).WithLogging(logs)
            .WithLoss(new NonFiniteGradientLoss(discriminator: true, call => call == 6)).OnDivergence(DivergencePolicy.RollBackToCheckpoint).Build();
        var result = trainer.Train(data, 12);
        logs.Entries.Where(e => e.Id.Id == 6).Select(e => e.Message).Should() // TrainerLog.Diverged
            .ContainSingle().Which.Should().Contain("Step 6").And.Contain("discriminator's gradients", "the guard caught it before D's weights turned NaN");
        result.Rollbacks.Should().Be(1);
        result.FinalStep.Should().Be(12);
        Weights(d.Module).Concat(Weights(g.Module)).Should().OnlyContain(v => float.IsFinite(v));
    }
}
