using GanKit.Data;
using GanKit.Models;
using GanKit.Regularizers;
using GanKit.Training;
using static TorchSharp.torch;
using static GanKit.Tests.Training.TrainerProbes;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Training;

/// <summary>When the trainer applies R1, at which inputs, and with what weight.</summary>
public sealed class LazyR1Tests
{
    // D(x) = w·x + b (an MLP without hidden layers): ∇D(x) = w everywhere, so R1 = γ/2·‖w‖² (× k when lazy).
    private static (Generator G, Discriminator D) LinearCritic()
    {
        var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(4).UseMlp(16, 1).WithSeed(1).Build();
        var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(1, 0).WithSeed(2).Build();
        return (g, d);
    }

    private static double SquaredNorm(Discriminator d) =>
        d.Module.named_parameters().Single(p => p.name.EndsWith("weight")).parameter.data<float>().ToArray().Sum(v => (double)v * v);

    private static double[] Penalties(GanTrainer trainer, IGanDataset data, int steps, Func<double, double> expectedIfFired, List<double> expected)
    {
        var penalties = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            expected.Add(expectedIfFired(SquaredNorm(trainer.Discriminator))); // D's weights before this step's update
            penalties[i] = trainer.TrainStep(data).Penalty;
        }

        return penalties;
    }

    [Fact]
    public void Lazy_r1_fires_on_discriminator_updates_one_k_plus_one_and_so_on_with_k_times_its_weight()
    {
        var (g, d) = LinearCritic();
        using var data = GaussianMixture.Ring8.CreateDataset(500, seed: 1);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithR1Penalty(gamma: 2, interval: 3).Build();
        var ifFired = new List<double>();
        var penalties = Penalties(trainer, data, 8, normSquared => 2.0 / 2 * 3 * normSquared, ifFired);

        for (int step = 1; step <= 8; step++)
        {
            double expected = (step - 1) % 3 == 0 ? ifFired[step - 1] : 0;
            penalties[step - 1].Should().BeApproximately(expected, 1e-5 + 1e-5 * expected, $"step {step}");
        }

        penalties.Count(p => p > 0).Should().Be(3, "steps 1, 4 and 7");
    }

    [Fact]
    public void Updates_skipped_by_the_balance_rule_neither_compute_r1_nor_advance_its_interval()
    {
        // D's loss reads 0 (below the floor, so skipped) on steps 2 and 3 and 1 otherwise. With k = 2, R1 fires on the
        // 1st, 3rd and 5th applied updates: steps 1, 5 and 7. Counting skipped steps would fire on steps 1, 3, 5, 7.
        var (g, d) = LinearCritic();
        using var data = GaussianMixture.Ring8.CreateDataset(500, seed: 1);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16)
            .WithLoss(new ScriptedLoss(call => call is 2 or 3 ? 0.0 : 1.0)).WithDiscriminatorLossFloor(0.5)
            .WithR1Penalty(gamma: 2, interval: 2).Build();
        var ifFired = new List<double>();
        var weightsBefore = new List<float[]>();
        var metrics = new List<StepMetrics>();
        for (int i = 0; i < 7; i++)
        {
            ifFired.Add(2.0 / 2 * 2 * SquaredNorm(d));
            weightsBefore.Add(Weights(d.Module));
            metrics.Add(trainer.TrainStep(data));
        }

        metrics.Select(m => m.DiscriminatorSkipped).Should().Equal(false, true, true, false, false, false, false);
        Weights(d.Module).Should().NotEqual(weightsBefore[^1]);
        weightsBefore[2].Should().Equal(weightsBefore[1], "step 2 was skipped");
        weightsBefore[3].Should().Equal(weightsBefore[1], "step 3 was skipped");
        var fired = new[] { 1, 5, 7 };
        for (int step = 1; step <= 7; step++)
        {
            double expected = fired.Contains(step) ? ifFired[step - 1] : 0;
            metrics[step - 1].Penalty.Should().BeApproximately(expected, 1e-5 + 1e-5 * expected, $"step {step}");
        }
    }

    [Fact]
    public void R1_is_taken_at_the_noised_real_batch_the_discriminator_scores()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var inner = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        var data = new RecordingDataset(inner);
        var scoresAtR1Input = new List<double>();
        var r1AtR1Input = new List<double>();
        var recorder = new RecordingRegularizer(c =>
        {
            using (no_grad()) scoresAtR1Input.Add(c.Discriminator.Forward(c.Real).mean().item<float>());
            using var r1 = new R1Penalty(0.5).Compute(c);
            r1AtR1Input.Add(r1.item<float>());
        });
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(256).WithRegularizer(recorder).WithR1Penalty(0.5)
            .WithInstanceNoise(0.5, 1000).Build();

        for (int step = 1; step <= 3; step++)
        {
            var m = trainer.TrainStep(data);
            scoresAtR1Input[step - 1].Should().BeApproximately(m.RealScore, 1e-6, "R1's input is the very batch D scored as real");
            m.Penalty.Should().BeApproximately(r1AtR1Input[step - 1], 1e-6 + 1e-5 * m.Penalty, "the trainer's R1 is R1 at that input");
            var noise = recorder.Reals[step - 1].Zip(data.Batches[step - 1], (a, b) => (double)a - b).ToArray();
            Math.Sqrt(noise.Average(v => v * v)).Should().BeApproximately(0.5, 0.075, "that batch carries the instance noise");
        }
    }

    [Fact]
    public void Lazy_r1_takes_no_extra_optimizer_step_so_adam_keeps_its_configured_rate_and_betas()
    {
        // StyleGAN2 runs lazy R1 as an extra D step every k minibatches and compensates with lr·c and β^c,
        // c = k/(k + 1). GanKit adds the penalty to the regular update instead: k updates per k minibatches, no change.
        var (g, d) = LinearCritic();
        using var data = GaussianMixture.Ring8.CreateDataset(500, seed: 1);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithR1Penalty(gamma: 1, interval: 4)
            .WithOptimizers(OptimizerSettings.Adam(2e-3, 0, 0.99), OptimizerSettings.Adam(2e-3, 0, 0.99)).Build();
        for (int i = 0; i < 9; i++) trainer.TrainStep(data);

        trainer.DiscriminatorOptimizer.ParamGroups.Should().OnlyContain(p => p.LearningRate == 2e-3);
        ((TorchSharp.Modules.Adam)trainer.DiscriminatorOptimizer).Betas.Should().Be((0.0, 0.99));
        trainer.DiscriminatorOptimizer.state_dict().State.Cast<TorchSharp.Modules.Adam.State>().Should().OnlyContain(s => s.step == 9);
    }
}
