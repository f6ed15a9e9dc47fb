using GanKit.Augmentation;
using GanKit.Configuration;
using GanKit.Data;
using GanKit.Losses;
using GanKit.Models;
using GanKit.Regularizers;
using GanKit.Training;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Training;

/// <summary>How the trainer uses the R3GAN / StyleGAN2-ADA ingredients: RpGAN's real outputs, augmentation, lazy steps, EMA warm-up.</summary>
public sealed class ModernIngredientsTests
{
    private static (Generator G, Discriminator D) ImageModels()
    {
        var g = Generator.CreateBuilder().ForImages(1, 8, 8).WithLatentSize(4).UseMlp(16, 1).WithSeed(1).Build();
        var d = Discriminator.CreateBuilder().ForImages(1, 8, 8).UseMlp(16, 1).WithSeed(2).Build();
        return (g, d);
    }

    private static InMemoryDataset ImageData()
    {
        using var rng = new TorchSharp.torch.Generator(7);
        return new InMemoryDataset(rand([64, 1, 8, 8], generator: rng) * 2 - 1);
    }

    /// <summary>Records what the generator's loss receives; the non-saturating loss otherwise.</summary>
    private sealed class RecordingGeneratorLoss(bool needsReal) : IGanLoss
    {
        public List<long?> RealOutputSizes { get; } = [];
        public string Name => "ns";
        public bool SupportsLabelSmoothing => true;
        public IReadOnlyList<IDiscriminatorRegularizer> RequiredRegularizers => [];
        public bool NeedsRealOutputForGenerator => needsReal;

        public Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1) =>
            GanLosses.NonSaturating.DiscriminatorLoss(realOutput, fakeOutput, realTarget);

        public Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null)
        {
            RealOutputSizes.Add(realOutput?.numel());
            if (realOutput is not null) realOutput.requires_grad.Should().BeFalse("D(real) is a constant of G's loss");
            return GanLosses.NonSaturating.GeneratorLoss(fakeOutput);
        }
    }

    /// <summary>Counts calls and adds nothing.</summary>
    private sealed class CountingAugmentation : IAugmentation
    {
        public List<double> Probabilities { get; } = [];
        public string Name => "count";

        public Tensor Apply(Tensor images, TorchSharp.torch.Generator random, double probability = 1)
        {
            Probabilities.Add(probability);
            return images * 1;
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_generator_step_runs_D_on_the_reals_only_when_the_loss_asks(bool needsReal)
    {
        var (g, d) = ImageModels();
        using (g)
        using (d)
        using (var data = ImageData())
        {
            var loss = new RecordingGeneratorLoss(needsReal);
            var augmentation = new CountingAugmentation();
            using var trainer = GanTrainer.CreateBuilder(g, d).WithLoss(loss).WithBatchSize(8).WithAugmentation(augmentation).Build();
            trainer.TrainStep(data);
            loss.RealOutputSizes.Should().Equal(needsReal ? 8L : null);
            // D step: real and fake; G step: fake, and the reals when asked. All pass through the same augmentation.
            augmentation.Probabilities.Should().HaveCount(needsReal ? 4 : 3).And.OnlyContain(p => p == 1.0);
        }
    }

    [Fact]
    public void Rpgan_with_r1_r2_and_diffaugment_trains_images_and_the_controller_moves_p()
    {
        var (g, d) = ImageModels();
        using (g)
        using (d)
        using (var data = ImageData())
        {
            using var trainer = GanTrainer.CreateBuilder(g, d).WithLoss(GanLosses.RelativisticPairing).WithBatchSize(8)
                .WithR1Penalty(0.1).WithR2Penalty(0.1).WithEmaWarmup(500)
                .WithAugmentation(DiffAugment.Default, new AdaptiveAugmentationSettings(Target: 0.6, AdjustmentImages: 320, Interval: 1)).Build();
            var before = g.Parameters().Select(p => p.clone()).ToList();
            for (int i = 0; i < 4; i++) trainer.TrainStep(data).Penalty.Should().BeGreaterThan(0);
            g.Parameters().Zip(before).Any(p => !p.First.allclose(p.Second, 0, 0)).Should().BeTrue();
            trainer.AugmentationController!.LastOverfitting.Should().NotBeNull();
            trainer.AugmentationController.Probability.Should().BeOneOf(0.0, 0.1, 0.2, 0.3, 0.4);
        }
    }

    [Fact]
    public void Augmentation_is_refused_for_vector_models()
    {
        using var g = Generator.CreateBuilder().ForVectors(2).UseMlp(8, 1).Build();
        using var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(8, 1).Build();
        FluentActions.Invoking(() => GanTrainer.CreateBuilder(g, d).WithAugmentation(DiffAugment.Default).Build())
            .Should().Throw<GanKitConfigurationException>().WithMessage("*Augmentation works on images*");
    }

    [Fact]
    public void Ema_warmup_betas_follow_StyleGAN2_ADA()
    {
        var warmup = new EmaWarmup(HalfLifeImages: 10_000, RampUp: 0.05);
        warmup.Beta(0, 64).Should().Be(0, "the first update copies G");
        warmup.Beta(1_000, 64).Should().BeApproximately(Math.Pow(0.5, 64 / 50.0), 1e-12, "half-life 0.05 · 1000 images");
        warmup.Beta(1_000_000, 64).Should().BeApproximately(Math.Pow(0.5, 64 / 10_000.0), 1e-12, "ramped up");
        new EmaWarmup(10_000, null).Beta(0, 64).Should().BeApproximately(Math.Pow(0.5, 64 / 10_000.0), 1e-12);
    }

    [Fact]
    public void With_warmup_the_ema_equals_G_after_the_first_step()
    {
        using var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(2).UseMlp(8, 2).WithSeed(1).Build();
        using var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(8, 1).WithSeed(2).Build();
        using var data = GaussianMixture.Ring8.CreateDataset(200, seed: 1);
        using var warm = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithEmaWarmup(10_000).Build();
        warm.TrainStep(data);
        warm.Ema!.Average.Parameters().Zip(g.Parameters()).Should().OnlyContain(p => p.First.allclose(p.Second, 0, 0));
        warm.TrainStep(data);
        // Step 2: 16 images seen, half-life 0.8 images: β = 0.5^20, the average is G to within a millionth.
        warm.Ema.Average.Parameters().Zip(g.Parameters()).Should().OnlyContain(p => p.First.allclose(p.Second, 1e-5, 1e-6, false));
    }

    [Fact]
    public void Lazy_adjustment_is_StyleGAN2s_and_the_trainer_applies_it_to_D_only_when_separate()
    {
        var adjusted = (AdamSettings)LazyRegularizationAdjustment.ForInterval(4).Apply(OptimizerSettings.Adam(2e-3, 0.5, 0.99));
        adjusted.LearningRate.Should().BeApproximately(2e-3 * 0.8, 1e-15);
        adjusted.Beta1.Should().BeApproximately(Math.Pow(0.5, 0.8), 1e-15);
        adjusted.Beta2.Should().BeApproximately(Math.Pow(0.99, 0.8), 1e-15);
        LazyRegularizationAdjustment.ForInterval(1).Apply(OptimizerSettings.Adam()).Should().Be(OptimizerSettings.Adam());

        using var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(2).UseMlp(8, 1).WithSeed(1).Build();
        using var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(8, 1).WithSeed(2).Build();
        using var data = GaussianMixture.Ring8.CreateDataset(200, seed: 1);
        var adam = OptimizerSettings.Adam(2e-3, 0.5, 0.99);
        using var separate = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithOptimizers(adam, adam)
            .WithR1Penalty(1, interval: 4).WithR2Penalty(1, interval: 4).WithSeparateLazyRegularization().Build();
        separate.DiscriminatorOptimizer.ParamGroups.Single().LearningRate.Should().BeApproximately(2e-3 * 0.8, 1e-12);
        separate.GeneratorOptimizer.ParamGroups.Single().LearningRate.Should().Be(2e-3);
        var penalties = Enumerable.Range(0, 5).Select(_ => separate.TrainStep(data).Penalty).ToArray();
        penalties.Select(p => p > 0).Should().Equal(true, false, false, false, true);

        using var inline = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithOptimizers(adam, adam).WithR1Penalty(1, interval: 4).Build();
        inline.DiscriminatorOptimizer.ParamGroups.Single().LearningRate.Should().Be(2e-3);
    }

    [Fact]
    public void Separate_lazy_regularizers_must_share_one_interval()
    {
        using var g = Generator.CreateBuilder().ForVectors(2).UseMlp(8, 1).Build();
        using var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(8, 1).Build();
        FluentActions.Invoking(() => GanTrainer.CreateBuilder(g, d).WithR1Penalty(1, 4).WithR2Penalty(1, 8).WithSeparateLazyRegularization().Build())
            .Should().Throw<GanKitConfigurationException>().WithMessage("*share one interval*");
    }

    [Fact]
    public void The_mlp_generator_has_batch_norm_after_every_hidden_layer_only_when_asked()
    {
        using var plain = Generator.CreateBuilder().ForVectors(2).UseMlp(8, 3).Build();
        using var normed = Generator.CreateBuilder().ForVectors(2).UseMlp(8, 3).WithBatchNorm().Build();
        plain.Module.modules().OfType<TorchSharp.Modules.BatchNorm1d>().Should().BeEmpty();
        normed.Module.modules().OfType<TorchSharp.Modules.BatchNorm1d>().Should().HaveCount(3);
        normed.Spec!.BatchNorm.Should().BeTrue();
        plain.Spec!.BatchNorm.Should().BeFalse();
        FluentActions.Invoking(() => Generator.CreateBuilder().ForImages(1, 28, 28).UseDcgan(8).WithBatchNorm().Build())
            .Should().Throw<GanKitConfigurationException>().WithMessage("*WithBatchNorm() applies to the MLP generator*");
    }
}
