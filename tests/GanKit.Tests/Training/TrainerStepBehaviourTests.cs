using GanKit.Data;
using GanKit.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static GanKit.Tests.Training.TrainerProbes;

namespace GanKit.Tests.Training;

/// <summary>What one training step does to each player's weights, gradients and optimizer, checked value by value.</summary>
public sealed class TrainerStepBehaviourTests
{
    private static long AdamSteps(TorchSharp.Modules.OptimizerHelper adam) => adam.state_dict().State.Cast<Adam.State>().Max(s => s.step);

    [Fact]
    public void A_discriminator_update_leaves_the_generator_alone_and_the_generator_update_computes_no_discriminator_gradients()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithCriticSteps(2).WithSeed(3).Build();

        var gWeights = Weights(g.Module);
        float[]? gGradients = null;
        var dWeights = Weights(d.Module);
        int dUpdates = 0, gUpdates = 0;
        trainer.PhaseCompleted = phase =>
        {
            if (phase == TrainerPhase.DiscriminatorUpdate)
            {
                dUpdates++;
                Weights(g.Module).Should().Equal(gWeights, "a D update must not move G");
                var grads = g.Module.parameters().Where(p => p.grad is not null).SelectMany(p => p.grad!.data<float>().ToArray()).ToArray();
                if (gGradients is null) grads.Should().BeEmpty("G has had no backward pass yet");
                else grads.Should().Equal(gGradients, "D's backward must not reach G's weights");
                Weights(d.Module).Should().NotEqual(dWeights, "every D update moves D");
                dWeights = Weights(d.Module);
                d.Module.zero_grad(true);
            }
            else
            {
                gUpdates++;
                d.Module.parameters().Count(p => p.grad is not null).Should().Be(0, "G's backward runs through a frozen D");
                Weights(d.Module).Should().Equal(dWeights, "the G update must not move D");
                Weights(g.Module).Should().NotEqual(gWeights, "the G update moves G");
                gWeights = Weights(g.Module);
                gGradients = g.Module.parameters().SelectMany(p => p.grad!.data<float>().ToArray()).ToArray();
            }
        };

        for (int i = 0; i < 3; i++) trainer.TrainStep(data);
        (dUpdates, gUpdates).Should().Be((6, 3));
        d.Module.parameters().Should().OnlyContain(p => p.requires_grad, "D is unfrozen after G's update");
    }

    [Fact]
    public void N_critic_steps_run_n_discriminator_updates_on_n_batches_per_generator_step()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var inner = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        var data = new RecordingDataset(inner);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithCriticSteps(3).Build();
        var phases = new List<TrainerPhase>();
        trainer.PhaseCompleted = phases.Add;

        for (int i = 0; i < 4; i++) trainer.TrainStep(data);

        var d3 = Enumerable.Repeat(TrainerPhase.DiscriminatorUpdate, 3);
        phases.Should().Equal(Enumerable.Range(0, 4).SelectMany(_ => d3.Append(TrainerPhase.GeneratorUpdate)));
        data.Batches.Should().HaveCount(12);
        data.Batches.Distinct(new ArrayComparer()).Should().HaveCount(12, "each critic step draws its own batch");
        AdamSteps(trainer.DiscriminatorOptimizer).Should().Be(12);
        AdamSteps(trainer.GeneratorOptimizer).Should().Be(4);
        trainer.DiscriminatorUpdates.Should().Be(12);
    }

    [Fact]
    public void Ema_is_beta_times_the_average_plus_one_minus_beta_times_the_weights_and_copies_batch_norm_buffers()
    {
        // ExponentialMovingAverage's doc: θ_ema ← β·θ_ema + (1 − β)·θ after every generator step; buffers copied as they are.
        var (g, d) = TrainerTestModels.ConditionalDcgan();
        using var data = TrainerTestModels.SmallImages();
        const double beta = 0.8;
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(12).WithEma(beta).WithSeed(4).Build();
        var ema = trainer.Ema!;
        var expected = Weights(g.Module).Select(v => (double)v).ToArray();
        Weights(ema.Average.Module).Should().Equal(Weights(g.Module), "the average starts as a copy");
        var initialBuffers = Buffers(g.Module);
        initialBuffers.Should().ContainKey("conditionalNorms.0.norm.running_mean");

        for (int step = 1; step <= 3; step++)
        {
            trainer.TrainStep(data);
            var theta = Weights(g.Module);
            for (int i = 0; i < expected.Length; i++) expected[i] = beta * expected[i] + (1 - beta) * theta[i];
            var average = Weights(ema.Average.Module);
            average.Length.Should().Be(expected.Length);
            for (int i = 0; i < expected.Length; i++)
                if (Math.Abs(average[i] - expected[i]) > 1e-5 + 1e-5 * Math.Abs(expected[i]))
                    throw new Xunit.Sdk.XunitException($"step {step}, weight {i}: EMA {average[i]}, expected {expected[i]}");
            average.Should().NotEqual(theta, "the average lags the weights");

            var buffers = Buffers(ema.Average.Module);
            foreach (var (name, value) in Buffers(g.Module)) buffers[name].Should().Equal(value, $"buffer '{name}' is copied at step {step}");
        }

        Buffers(g.Module)["conditionalNorms.0.norm.running_mean"].Should().NotEqual(initialBuffers["conditionalNorms.0.norm.running_mean"],
            "training moved the running statistics, so the copy was tested on fresh values");
    }

    [Fact]
    public void Linear_learning_rate_decay_scales_both_rates_from_the_start_step_to_the_final_factor_at_the_end_step()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16)
            .WithOptimizers(OptimizerSettings.Adam(1e-3), OptimizerSettings.Adam(4e-3))
            .WithLearningRateSchedule(LearningRateSchedule.LinearDecay(fromStep: 2, toStep: 6, finalFactor: 0.5)).Build();
        double[] factors = [1, 1, 0.875, 0.75, 0.625, 0.5, 0.5, 0.5]; // the factor used in steps 1..8
        for (int step = 1; step <= factors.Length; step++)
        {
            trainer.TrainStep(data);
            trainer.GeneratorOptimizer.ParamGroups.Should().OnlyContain(p => Math.Abs(p.LearningRate - 1e-3 * factors[step - 1]) < 1e-12, $"step {step}");
            trainer.DiscriminatorOptimizer.ParamGroups.Should().OnlyContain(p => Math.Abs(p.LearningRate - 4e-3 * factors[step - 1]) < 1e-12, $"step {step}");
        }
    }

    [Fact]
    public void One_sided_label_smoothing_targets_real_samples_at_the_label_and_fakes_at_zero()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        var loss = new RecordingLoss();
        var reals = new List<float[]>();
        var fakes = new List<float[]>();
        var recorder = new RecordingRegularizer(c =>
        {
            using var noGrad = no_grad();
            reals.Add(c.Discriminator.Forward(c.Real).data<float>().ToArray());
            fakes.Add(c.Discriminator.Forward(c.Fake).data<float>().ToArray());
        });
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithLoss(loss).WithRegularizer(recorder)
            .WithLabelSmoothing(0.9).Build();

        var metrics = Enumerable.Range(0, 3).Select(_ => trainer.TrainStep(data)).ToArray();

        loss.RealTargets.Should().Equal(0.9, 0.9, 0.9);
        static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
        for (int i = 0; i < 3; i++)
        {
            // BCE(r, 0.9) = 0.9·softplus(−r) + 0.1·softplus(r); BCE(f, 0) = softplus(f).
            double expected = reals[i].Average(r => 0.9 * Softplus(-r) + 0.1 * Softplus(r)) + fakes[i].Average(f => Softplus(f));
            metrics[i].DiscriminatorLoss.Should().BeApproximately(expected, 1e-5, $"step {i + 1}");
        }
    }

    [Fact]
    public void Instance_noise_starts_at_its_deviation_and_anneals_linearly_to_zero_after_the_given_steps()
    {
        // σ at step s is σ₀·max(0, 1 − (s − 1)/steps): with σ₀ = 1 over 4 steps, 1, 0.75, 0.5, 0.25, then 0.
        var (g, d) = TrainerTestModels.MixtureModels();
        using var inner = GaussianMixture.Ring8.CreateDataset(2000, seed: 1);
        var data = new RecordingDataset(inner);
        var recorder = new RecordingRegularizer();
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(256).WithRegularizer(recorder).WithInstanceNoise(1.0, 4).Build();
        double[] sigmas = [1, 0.75, 0.5, 0.25, 0, 0];
        for (int step = 1; step <= sigmas.Length; step++)
        {
            trainer.TrainStep(data);
            var clean = data.Batches[step - 1];
            var seen = recorder.Reals[step - 1];
            var noise = seen.Zip(clean, (a, b) => (double)a - b).ToArray();
            double mean = noise.Average();
            double std = Math.Sqrt(noise.Sum(v => (v - mean) * (v - mean)) / noise.Length);
            if (sigmas[step - 1] == 0) seen.Should().Equal(clean, $"no noise from step 5 on (step {step})");
            else std.Should().BeApproximately(sigmas[step - 1], 0.1 * sigmas[step - 1], $"step {step}");
        }
    }

    [Fact]
    public void Gradient_clipping_limits_each_players_gradient_norm_before_its_update()
    {
        const double max = 0.001;
        var unclipped = new List<double>();
        var clipped = new List<double>();
        foreach (var (clip, norms) in new[] { (false, unclipped), (true, clipped) })
        {
            var (g, d) = TrainerTestModels.MixtureModels();
            using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
            var builder = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithSeed(2);
            using var trainer = (clip ? builder.WithGradientClipping(max) : builder).Build();
            trainer.PhaseCompleted = phase => norms.Add(GradientNorm(phase == TrainerPhase.DiscriminatorUpdate ? d.Module : g.Module));
            for (int i = 0; i < 3; i++) trainer.TrainStep(data);
        }

        unclipped.Should().HaveCount(6).And.OnlyContain(n => n > 10 * max, "the raw gradients are well above the limit");
        clipped.Should().HaveCount(6).And.OnlyContain(n => Math.Abs(n - max) < 1e-6, "the applied gradients are scaled to the limit");
    }

    [Fact]
    public void Sample_is_reproducible_per_step_and_never_changes_training()
    {
        using var data = GaussianMixture.Ring8.CreateDataset(1000, seed: 1);
        GanTrainer Make()
        {
            var (g, d) = TrainerTestModels.MixtureModels();
            return GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithSeed(11).Build();
        }

        using var sampled = Make();
        using var plain = Make();
        for (int step = 1; step <= 3; step++)
        {
            sampled.TrainStep(data);
            plain.TrainStep(data);
            using var first = sampled.Sample(8);
            using var again = sampled.Sample(8);
            using var explicitSeed = sampled.Sample(8, seed: 11 + step);
            using var previousSeed = sampled.Sample(8, seed: 11 + step - 1);
            first.data<float>().ToArray().Should().Equal(again.data<float>().ToArray(), "repeated calls at one step give the same samples");
            first.data<float>().ToArray().Should().Equal(explicitSeed.data<float>().ToArray(), "null means seed + step");
            first.data<float>().ToArray().Should().NotEqual(previousSeed.data<float>().ToArray(), "each step draws other latents");
        }

        Weights(sampled.Generator.Module).Should().Equal(Weights(plain.Generator.Module), "sampling does not touch the training stream");
        Weights(sampled.Discriminator.Module).Should().Equal(Weights(plain.Discriminator.Module));
    }

    private sealed class ArrayComparer : IEqualityComparer<float[]>
    {
        public bool Equals(float[]? x, float[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(float[] obj) => obj.Length == 0 ? 0 : HashCode.Combine(obj[0], obj[^1]);
    }
}
