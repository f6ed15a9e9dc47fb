using GanKit.Checkpoints;
using GanKit.Configuration;
using GanKit.Data;
using GanKit.Metrics;
using GanKit.Models;
using GanKit.Models.Layers;
using GanKit.Regularizers;
using GanKit.Runtime;
using GanKit.Tests.TestSupport;
using GanKit.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Training;

/// <summary>
/// "Bring your own networks": a generator and a discriminator written here, as a user would, against TorchSharp
/// alone (plus GanKit's public layers), trained through the same trainer path as the built-in networks.
/// </summary>
public sealed class CustomModuleTests : IDisposable
{
    private const int Latent = 4;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A user's generator: a two-layer MLP with an optional class embedding added to its hidden layer.</summary>
    private sealed class UserGenerator : nn.Module<Tensor, Tensor?, Tensor>
    {
        private readonly Linear hidden;
        private readonly Linear output;
        private readonly Embedding? classes;

        public UserGenerator(int classCount = 0) : base(nameof(UserGenerator))
        {
            hidden = nn.Linear(Latent, 32);
            output = nn.Linear(32, 2);
            classes = classCount > 0 ? nn.Embedding(classCount, 32) : null;
            RegisterComponents();
        }

        public override Tensor forward(Tensor latent, Tensor? labels)
        {
            using var scope = NewDisposeScope();
            var h = hidden.call(latent);
            if (classes is not null) h = h + classes.call(labels!);
            return output.call(nn.functional.leaky_relu(h, 0.2)).MoveToOuterDisposeScope();
        }
    }

    /// <summary>A user's critic: PacGAN packing, spectrally normalized layers and a minibatch standard-deviation feature.</summary>
    private sealed class UserCritic : nn.Module<Tensor, Tensor?, Tensor>
    {
        private readonly SpectralNormLinear hidden;
        private readonly MinibatchStdDev stddev;
        private readonly SpectralNormLinear output;
        private readonly int _pack;

        public UserCritic(int pack, int groupSize = 4, bool batchNorm = false) : base(nameof(UserCritic))
        {
            _pack = pack;
            hidden = new SpectralNormLinear(2 * pack, 32);
            stddev = new MinibatchStdDev(groupSize);
            output = new SpectralNormLinear(33, 1);
            if (batchNorm) norm = nn.BatchNorm1d(32);
            RegisterComponents();
        }

        private readonly BatchNorm1d? norm;

        public override Tensor forward(Tensor samples, Tensor? labels)
        {
            using var scope = NewDisposeScope();
            var h = nn.functional.leaky_relu(hidden.call(PacGan.Pack(samples, _pack)), 0.2);
            if (norm is not null) h = norm.call(h);
            return output.call(stddev.call(h)).squeeze(1).MoveToOuterDisposeScope();
        }
    }

    private static Generator MakeGenerator(long seed, bool withFactory = true)
    {
        torch.manual_seed(seed);
        return Generator.FromModule(new UserGenerator(), new GeneratorDescriptor(Latent, [2]), withFactory ? () => new UserGenerator() : null);
    }

    private static Discriminator MakeCritic(long seed, int pack = 2, int groupSize = 4, bool batchNorm = false)
    {
        torch.manual_seed(seed);
        return Discriminator.FromModule(new UserCritic(pack, groupSize, batchNorm), new DiscriminatorDescriptor([2], packSize: pack));
    }

    private static void ShouldHaveIdenticalState(nn.Module a, nn.Module b)
    {
        var other = b.state_dict();
        other.Keys.Should().BeEquivalentTo(a.state_dict().Keys);
        foreach (var (name, value) in a.state_dict())
            value.eq(other[name]).all().item<bool>().Should().BeTrue($"'{name}' must be bit-identical");
    }

    [Fact]
    public void A_user_module_pair_trains_with_ema_r1_and_checkpoints_resumes_exactly_and_samples_and_evaluates()
    {
        using var data = GaussianMixture.Ring8.CreateDataset(2000, seed: 3);
        GanTrainer Make(string dir) =>
            GanTrainer.CreateBuilder(MakeGenerator(1), MakeCritic(2)).WithBatchSize(32).WithCriticSteps(2).WithEma(0.9)
                .WithR1Penalty(0.5, interval: 3).WithInstanceNoise(0.05, 20).WithSeed(11)
                .WithCheckpoints(dir, every: 7, keep: 2).Build();

        using var straight = Make(_dir.File("straight"));
        straight.Train(data, 40); // 40 × 2 × 32 samples: crosses the 2,000-sample epoch
        using (var first = Make(_dir.File("resumed"))) first.Train(data, 17); // stops between checkpoints: step 17 is written at the end
        using var second = Make(_dir.File("resumed"));
        var result = second.Train(data, 40);

        result.StepsRun.Should().Be(23);
        second.Discriminator.Module.state_dict().Keys.Should().Contain(k => k.EndsWith(".u")).And.Contain(k => k.EndsWith(".v"),
            "the spectral-norm vectors of a user's layers are module state, saved and restored with the weights");
        ShouldHaveIdenticalState(straight.Generator.Module, second.Generator.Module);
        ShouldHaveIdenticalState(straight.Discriminator.Module, second.Discriminator.Module);
        ShouldHaveIdenticalState(straight.Ema!.Average.Module, second.Ema!.Average.Module);
        second.History.Select(h => h.DiscriminatorLoss).Should().Equal(straight.History.Select(h => h.DiscriminatorLoss));
        second.History.Where(h => h.Penalty > 0).Should().NotBeEmpty("R1 ran on the user's critic (the history keeps the last critic step's penalty)");
        // The EMA is a second instance from the factory, not the trained module itself, and it lags behind it.
        second.Ema.Average.Module.Should().NotBeSameAs(second.Generator.Module);
        second.Ema.Average.Parameters().First().eq(second.Generator.Parameters().First()).all().item<bool>().Should().BeFalse();

        // The checkpoint describes the user's models and loads back through a factory; its EMA samples are the trainer's.
        var info = Checkpoint.ReadInfo(_dir.File("resumed"));
        info.Step.Should().Be(40);
        info.HasBuiltInGenerator.Should().BeFalse();
        info.Generator.Should().BeNull();
        info.GeneratorDescriptor.Should().Be(new GeneratorDescriptor(Latent, [2]));
        info.DiscriminatorDescriptor.Should().Be(new DiscriminatorDescriptor([2], packSize: 2));
        FluentActions.Invoking(() => Checkpoint.LoadGenerator(_dir.File("resumed"))).Should().Throw<ArgumentException>()
            .WithMessage("*module of your own*factory*");
        using var loaded = Checkpoint.LoadGenerator(_dir.File("resumed"), () => new UserGenerator());
        using var fromTrainer = second.Sample(64, seed: 5);
        using (var rng = Seeding.CreateGenerator(5, "sample"))
        using (var fromCheckpoint = loaded.Generate(64, random: rng))
            fromCheckpoint.eq(fromTrainer).all().item<bool>().Should().BeTrue("the checkpoint's EMA generator is the trainer's");
        fromTrainer.shape.Should().Equal(64, 2);
        fromTrainer.std().item<float>().Should().BeGreaterThan(0.01f, "distinct latents give distinct points");

        using var evaluator = GanEvaluator.ForMixture(GaussianMixture.Ring8, new EvaluationOptions { SampleCount = 2000, Seed = 3 });
        var report = evaluator.Evaluate(second.SamplingGenerator);
        var again = evaluator.Evaluate(loaded);
        report.Samples.Should().Be(2000);
        report.ModesTotal.Should().Be(8);
        report.HighQualityFraction.Should().NotBeNull().And.BeInRange(0, 1);
        (again.Modes, again.HighQualityFraction, again.ReverseKl).Should().Be((report.Modes, report.HighQualityFraction, report.ReverseKl),
            "the loaded generator is the trainer's EMA generator");
        var standalone = GanEvaluation.Evaluate(_dir.File("resumed"), () => new UserGenerator(), data, new EvaluationOptions { SampleCount = 2000, Seed = 3 });
        (standalone.Modes, standalone.HighQualityFraction, standalone.ReverseKl).Should().Be((report.Modes, report.HighQualityFraction, report.ReverseKl),
            "stand-alone evaluation of the checkpoint loads the same generator through the factory");
    }

    [Fact]
    public void A_conditional_user_generator_trains_against_a_built_in_projection_discriminator()
    {
        // Mixing is allowed: the trainer only sees descriptors. Ring-8 labelled by mode, 8 classes.
        using var data = GaussianMixture.Ring8.CreateDataset(512, seed: 4);
        data.ClassCount.Should().NotBeNull();
        int classes = data.ClassCount!.Value;
        torch.manual_seed(3);
        var g = Generator.FromModule(new UserGenerator(classes), new GeneratorDescriptor(Latent, [2], classes), () => new UserGenerator(classes));
        var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(16, 1).WithClasses(classes).WithSeed(4).Build();
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(32).WithEma(0.5).WithSeed(1).Build();
        var before = g.Parameters().Select(p => p.detach().clone()).ToList();
        trainer.Train(data, 3);
        g.Parameters().Zip(before).Should().OnlyContain(p => !p.First.eq(p.Second).all().item<bool>(), "every generator weight was updated");
        using var labels = tensor(new long[] { 0, 1, 7 });
        using var samples = trainer.Sample(3, labels);
        samples.shape.Should().Equal(3, 2);
        foreach (var t in before) t.Dispose();
        g.Dispose();
        d.Dispose();
    }

    [Fact]
    public void Build_lists_what_a_user_module_cannot_do()
    {
        using var g = MakeGenerator(1, withFactory: false);
        using var d = MakeCritic(2, pack: 2, groupSize: 4, batchNorm: true);
        var ex = FluentActions.Invoking(() => GanTrainer.CreateBuilder(g, d).WithBatchSize(12).WithEma(0.99)
            .WithRegularizer(new GradientPenalty(10)).Build()).Should().Throw<GanKitConfigurationException>().Which;
        ex.Problems.Should().Contain(p => p.Contains("EMA") && p.Contains("factory"));
        ex.Problems.Should().Contain(p => p.Contains("minibatch standard-deviation") && p.Contains("6 inputs") && p.Contains("groups of 4"));
        ex.Problems.Should().Contain(p => p.Contains("gradient penalty") && p.Contains("batch norm"));
        FluentActions.Invoking(g.CreateCopy).Should().Throw<InvalidOperationException>().WithMessage("*factory*");
    }

    [Fact]
    public void A_module_that_breaks_its_descriptor_is_named_at_the_first_forward()
    {
        torch.manual_seed(1);
        using var g = Generator.FromModule(new UserGenerator(), new GeneratorDescriptor(Latent, [3]));
        using var z = randn(5, Latent);
        FluentActions.Invoking(() => g.Forward(z)).Should().Throw<InvalidOperationException>().WithMessage("*returned [5,2]*promises [5,3]*");
        using var d = MakeCritic(2, pack: 1);
        using var x = randn(4, 2);
        d.Forward(x).shape.Should().Equal(4);
        using var mismatched = Generator.FromModule(new UserGenerator(), new GeneratorDescriptor(Latent, [2]), () => new UserGenerator(classCount: 3));
        FluentActions.Invoking(mismatched.CreateCopy).Should().Throw<ArgumentException>().WithMessage("*different architectures*'classes.weight'*");
        FluentActions.Invoking(() => new DiscriminatorDescriptor([2, 0])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new GeneratorDescriptor(0, [2])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_checkpoint_of_other_user_models_is_refused_on_resume()
    {
        using var data = GaussianMixture.Ring8.CreateDataset(500, seed: 1);
        var dir = _dir.File("run");
        using (var t = GanTrainer.CreateBuilder(MakeGenerator(1), MakeCritic(2)).WithBatchSize(16).WithCheckpoints(dir, every: 5).Build()) t.Train(data, 5);
        // Same descriptor, built-in networks: the kind of model differs.
        var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(Latent).UseMlp(32, 1).Build();
        var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(32, 1).WithPacking(2).Build();
        using var other = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithCheckpoints(dir).Build();
        FluentActions.Invoking(() => other.Train(data, 10)).Should().Throw<CheckpointCorruptedException>()
            .WithMessage("*generator was a module of your own and is now a built-in network*");
        g.Dispose();
        d.Dispose();
    }

    [Fact]
    public void A_checkpoint_whose_descriptor_disagrees_with_its_spec_or_describes_no_model_is_refused()
    {
        var spec = new GeneratorSpec(GanArchitecture.Mlp, 4, [2], null, 8, 1);
        var critic = new DiscriminatorSpec(GanArchitecture.Mlp, [2], null, 8, 1, false, false, false, 1);
        CheckpointMetadata Meta(GeneratorSpec? g, GeneratorDescriptor? descriptor) => new()
        {
            Step = 1, Seed = 1, Loss = "ns", Generator = g, GeneratorDescriptor = descriptor, Discriminator = critic,
            SamplerEpoch = 0, SamplerPosition = 0, DiscriminatorSteps = 1, Options = System.Text.Json.JsonSerializer.SerializeToElement(""), CreatedUtc = DateTimeOffset.UnixEpoch,
        };
        string Write(string name, CheckpointMetadata meta)
        {
            var path = _dir.File(name + Checkpoint.Extension);
            CheckpointFile.Write(path, [(CheckpointSections.Metadata, meta.ToJson())]);
            return path;
        }

        Checkpoint.ReadInfo(Write("agree", Meta(spec, spec.ToDescriptor()))).GeneratorDescriptor.Should().Be(spec.ToDescriptor());
        Checkpoint.ReadInfo(Write("spec-only", Meta(spec, null))).GeneratorDescriptor.Should().Be(new GeneratorDescriptor(4, [2]),
            "a checkpoint written before descriptors existed derives the descriptor from its spec");
        FluentActions.Invoking(() => Checkpoint.ReadInfo(Write("disagree", Meta(spec, new GeneratorDescriptor(5, [2])))))
            .Should().Throw<CheckpointCorruptedException>().WithMessage("*generator's specification and descriptor disagree*");
        FluentActions.Invoking(() => Checkpoint.ReadInfo(Write("neither", Meta(null, null))))
            .Should().Throw<CheckpointCorruptedException>().WithMessage("*Generator and GeneratorDescriptor is null*");
    }
}
