using GanKit.Data;
using GanKit.Features;
using GanKit.Metrics;
using GanKit.Models;
using GanKit.Tests.TestSupport;
using GanKit.Training;
using TorchSharp;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Metrics;

[Collection(GanKit.Tests.TestSupport.GlobalTorchStateCollection.Name)]
public sealed class GanEvaluatorTests : IDisposable
{
    private static readonly EvaluationOptions Small = new() { SampleCount = 200, ReferenceCount = 200, KidSubsets = 5, KidSubsetSize = 100, BatchSize = 64 };
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Generator PointGenerator() => Generator.CreateBuilder().ForVectors(2).WithLatentSize(2).UseMlp(16, 2).WithSeed(1).Build();

    private static Generator ImageGenerator() => Generator.CreateBuilder().ForImages(1, 8, 8).WithLatentSize(4).UseMlp(16, 1).WithSeed(1).Build();

    /// <summary>Sets a generator's output layer to weight 0 and the given bias: every sample is the same (tanh(bias) for images).</summary>
    private static Generator Collapsed(Generator g, params float[] bias)
    {
        using var noGrad = no_grad();
        var parameters = g.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        parameters["body.out.weight"].zero_();
        parameters["body.out.bias"].copy_(tensor(bias));
        return g;
    }

    /// <summary>
    /// A ReLU MLP that samples grid-25 exactly (up to ramps of width 10⁻³ in z): z₀ and z₁ pick the column and row through
    /// steps at the standard normal's quintiles, so each of the 25 modes has probability 1/25; z₂ and z₃ add σ-scaled noise.
    /// </summary>
    private static Generator Grid25Generator()
    {
        double[] quintiles = [-0.8416212335729143, -0.2533471031357997, 0.2533471031357997, 0.8416212335729143];
        const float slope = 1000;
        var sigma = (float)GaussianMixture.Grid25.StandardDeviation;
        var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(4).UseMlp(20, 1).WithSeed(1).Build();
        var w1 = zeros(20, 4);
        var b1 = zeros(20);
        var w2 = zeros(2, 20);
        int unit = 0;
        for (int axis = 0; axis < 2; axis++)
        {
            foreach (var t in quintiles)
            {
                // relu(a(z − t)) − relu(a(z − t) − 1): a step from 0 to 1 at t; each step moves the coordinate by 2.
                w1[unit, axis] = tensor(slope); b1[unit] = tensor((float)(-slope * t)); w2[axis, unit++] = tensor(2f);
                w1[unit, axis] = tensor(slope); b1[unit] = tensor((float)(-slope * t - 1)); w2[axis, unit++] = tensor(-2f);
            }

            // relu(z) − relu(−z) = z: the within-mode noise.
            w1[unit, axis + 2] = tensor(1f); w2[axis, unit++] = tensor(sigma);
            w1[unit, axis + 2] = tensor(-1f); w2[axis, unit++] = tensor(-sigma);
        }

        using var noGrad = no_grad();
        var parameters = g.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        parameters["body.fc0.weight"].copy_(w1);
        parameters["body.fc0.bias"].copy_(b1);
        parameters["body.out.weight"].copy_(w2);
        parameters["body.out.bias"].copy_(tensor(new[] { -4f, -4f }));
        return g;
    }

    private sealed class ListProgress<T> : IProgress<T>
    {
        public List<T> Items { get; } = [];

        public void Report(T value) => Items.Add(value);
    }

    [Fact]
    public void Two_dimensional_data_is_recognised_as_its_mixture_and_scored_with_the_papers_protocol()
    {
        using var data = GaussianMixture.Grid25.CreateDataset(3000, seed: 1);
        using var evaluator = GanEvaluator.ForDataset(data);
        evaluator.Mixture.Should().BeSameAs(GaussianMixture.Grid25);

        // A generator that is the data distribution: every mode, ~98.9% of samples within 3σ (1 − e^−4.5 in 2D), a near-uniform spread.
        using var ideal = Grid25Generator();
        var report = evaluator.Evaluate(ideal);
        report.Kind.Should().Be("mixture");
        report.Samples.Should().Be(2500);
        report.ModesTotal.Should().Be(25);
        report.Modes.Should().Be(25);
        report.HighQualityFraction.Should().BeApproximately(1 - Math.Exp(-4.5), 0.01);
        report.ReverseKl.Should().BeLessThan(0.03, "2,500 samples over 25 equally likely modes: KL ≈ 24/5000 by chance");
        report.Fid.Should().BeNull();
        report.FeatureSpaces.Should().BeEmpty();

        // A collapsed generator: every sample exactly on the mode (2, −2).
        using var collapsed = Collapsed(PointGenerator(), 2f, -2f);
        var single = evaluator.Evaluate(collapsed);
        single.Modes.Should().Be(1);
        single.HighQualityFraction.Should().Be(1);
        single.ReverseKl.Should().BeApproximately(Math.Log(25), 1e-9);

        // Off every mode by more than 3σ (0.15): no mode, no high-quality sample, and the KL is reported as null.
        using var between = Collapsed(PointGenerator(), 1f, 1f);
        var none = evaluator.Evaluate(between);
        none.Modes.Should().Be(0);
        none.HighQualityFraction.Should().Be(0);
        none.ReverseKl.Should().BeNull();
    }

    [Fact]
    public async Task EvaluateAsync_runs_the_same_evaluation_on_a_dedicated_thread_and_honours_cancellation()
    {
        using var data = GaussianMixture.Grid25.CreateDataset(3000, seed: 1);
        using var evaluator = GanEvaluator.ForDataset(data);
        using var ideal = Grid25Generator();
        var expected = evaluator.Evaluate(ideal);
        var progress = new ListProgress<EvaluationProgress>();

        var report = await evaluator.EvaluateAsync(ideal, progress);

        report.Modes.Should().Be(expected.Modes);
        report.HighQualityFraction.Should().Be(expected.HighQualityFraction);
        report.ReverseKl.Should().Be(expected.ReverseKl);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await FluentActions.Awaiting(() => evaluator.EvaluateAsync(ideal, cancellationToken: cancelled.Token)).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void The_metric_classifier_is_opt_in_and_cached_only_where_the_caller_says()
    {
        new EvaluationOptions().UseClassifier.Should().BeFalse("training a CNN is minutes of CPU: opt in");
        new EvaluationOptions().ClassifierCacheDirectory.Should().BeNull("nothing is written under the home folder unless asked");
        using var data = MetricTestData.Bands(200);
        var recipe = new MetricClassifierRecipe { MaxSteps = 3, Channels = 2, FeatureSize = 4, BatchSize = 32 };

        using (var inMemory = GanEvaluator.ForDataset(data, Small with { UseClassifier = true, ClassifierRecipe = recipe }))
            inMemory.Classifier.Should().NotBeNull();
        var cache = _dir.File("classifiers");
        using (var cached = GanEvaluator.ForDataset(data, Small with { UseClassifier = true, ClassifierRecipe = recipe, ClassifierCacheDirectory = cache }))
            cached.Classifier.Should().NotBeNull();
        Directory.GetFiles(cache).Should().ContainSingle();
    }

    [Fact]
    public void Unknown_two_dimensional_data_asks_for_the_mixture()
    {
        manual_seed(1);
        using var data = new InMemoryDataset(randn(500, 2) * 10);
        FluentActions.Invoking(() => GanEvaluator.ForDataset(data)).Should().Throw<MetricInputException>().WithMessage("*EvaluationOptions.Mixture*");
    }

    [Fact]
    public void The_real_data_floor_of_a_set_against_itself_is_perfect()
    {
        using var data = MetricTestData.Bands(200);
        using var space = FeatureSpaces.Identity(64);
        using var evaluator = GanEvaluator.ForImages(data, [space], options: Small);
        var report = evaluator.EvaluateData(data);
        report.Fid.Should().BeApproximately(0, 1e-6);
        report.Precision.Should().Be(1);
        report.Recall.Should().Be(1);
        report.FeatureSpace.Should().Be("identity");
    }

    [Fact]
    public void Image_generators_get_fid_kid_precision_recall_and_class_statistics()
    {
        using var data = MetricTestData.Bands(200);
        using var space = FeatureSpaces.Identity(64);
        using var classifier = MetricClassifier.Train(data, new MetricClassifierRecipe { MaxSteps = 5, Channels = 2, FeatureSize = 4, BatchSize = 32 });
        using var evaluator = GanEvaluator.ForImages(data, [space, classifier.AsFeatureSpace()], classifier, Small);
        using var g = Collapsed(ImageGenerator(), new float[64]); // every sample is the mid-grey image 0
        var progress = new ListProgress<EvaluationProgress>();
        var report = evaluator.Evaluate(g, progress);
        report.Kind.Should().Be("images");
        report.Samples.Should().Be(200);
        report.FeatureSpaces.Select(s => s.FeatureSpace).Should().Equal("identity", "classifier");

        // One point x = 0 has covariance 0, so FID = |μ_real − 0|² + tr Σ_real (the first space is the pixels themselves).
        using var pixels = data.GetBatch(Enumerable.Range(0, 200).Select(i => (long)i).ToArray()).Samples.reshape(200, 64).to(ScalarType.Float64);
        double expectedFid = pixels.mean([0]).square().sum().item<double>() + pixels.t().cov().trace().item<double>();
        report.Fid.Should().BeApproximately(expectedFid, 1e-6 * expectedFid);
        report.Kid.Should().NotBeNull();
        // The grey image is ≈ 7 away from every band image, far outside their 3-NN balls (≈ 3), and its own balls have radius 0.
        report.Precision.Should().Be(0);
        report.Recall.Should().Be(0);
        // Identical samples get one class: 1 of 3 classes covered, KL from uniform ln 3.
        report.ClassCoverage.Should().BeApproximately(1.0 / 3, 1e-12);
        report.ClassKl.Should().BeApproximately(Math.Log(3), 1e-9);
        report.Modes.Should().BeNull();
        progress.Items.Should().Contain(p => p.Stage == "reference").And.Contain(p => p.Stage == "generated" && p.Done == 200);
        report.Summarize().Should().Contain("identity: FID").And.Contain("class coverage");
    }

    [Fact]
    public void The_fid_of_a_shifted_copy_grows_as_the_square_of_the_shift()
    {
        // Shifting every pixel by δ moves the mean by δ in each of 64 dimensions and keeps the covariance: FID = 64 δ².
        using var data = MetricTestData.Bands(200);
        using var space = FeatureSpaces.Identity(64);
        using var evaluator = GanEvaluator.ForImages(data, [space], options: Small);
        using var batch = data.GetBatch(Enumerable.Range(0, 200).Select(i => (long)i).ToArray());
        var fids = new List<double>();
        foreach (var shift in new[] { 0.0, 0.05, 0.1, 0.2, 0.4 })
        {
            using var shifted = new InMemoryDataset(batch.Samples + shift, batch.Labels!.clone(), 3);
            var fid = evaluator.EvaluateData(shifted).Fid!.Value;
            fid.Should().BeApproximately(64 * shift * shift, 1e-6 + 1e-6 * fid, $"shift {shift}");
            fids.Add(fid);
        }

        fids.Should().BeInAscendingOrder();
    }

    [Fact]
    public void A_generator_of_the_wrong_shape_is_rejected()
    {
        using var data = GaussianMixture.Ring8.CreateDataset(500);
        using var evaluator = GanEvaluator.ForMixture(GaussianMixture.Ring8);
        using var g = ImageGenerator();
        FluentActions.Invoking(() => evaluator.Evaluate(g)).Should().Throw<MetricInputException>().WithMessage("*[1,8,8]*");
    }

    [Fact]
    public void Pretrained_features_see_rgb_images_in_zero_one_at_the_requested_size()
    {
        var seen = new List<long[]>();
        var module = nn.Sequential(("id", nn.Identity()));
        using var network = FeatureNetworks.Custom(module, ["id"], x => { seen.Add(x.shape); return x; }, new CustomFeatureNetworkOptions { PooledFeatureSize = 3 });
        using var space = FeatureSpaces.Pretrained(network, imageSize: 16);
        using var images = full(new long[] { 2, 1, 8, 8 }, 0f);   // mid-grey in [-1, 1]
        images[1] = tensor(1f);                                   // white
        using var features = space.Embed(images);
        features.shape.Should().Equal(2, 3);
        features[0].allclose(full(3, 0.5f)).Should().BeTrue();
        features[1].allclose(ones(3)).Should().BeTrue();
        seen.Should().ContainEquivalentOf(new long[] { 2, 3, 16, 16 });
    }

    [Fact]
    public void The_trainer_hook_evaluates_every_n_steps_and_reports()
    {
        using var data = GaussianMixture.Ring8.CreateDataset(2000, seed: 2);
        using var evaluator = GanEvaluator.ForMixture(GaussianMixture.Ring8, new EvaluationOptions { SampleCount = 500 });
        var g = PointGenerator();
        var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(16, 2).WithSeed(2).Build();
        var progress = new ListProgress<StepEvaluation>();
        var logs = new List<string>();
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(32).EvaluateEvery(5, evaluator, progress, new ListLogger(logs)).Build();
        trainer.Train(data, 10);
        progress.Items.Select(e => e.Step).Should().Equal(5, 10);
        progress.Items.Should().OnlyContain(e => e.Report.ModesTotal == 8 && e.Report.Samples == 500);
        logs.Should().HaveCount(2).And.OnlyContain(l => l.Contains("modes"));
        g.Dispose();
        d.Dispose();
    }

    [Fact]
    public void A_checkpoint_can_be_evaluated_stand_alone()
    {
        using var data = GaussianMixture.Ring8.CreateDataset(2000, seed: 3);
        var g = PointGenerator();
        var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(16, 2).WithSeed(2).Build();
        using (var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(32).WithCheckpoints(_dir.Path, every: 3).Build()) trainer.Train(data, 3);
        var options = new EvaluationOptions { SampleCount = 300, Seed = 5 };
        var report = GanEvaluation.Evaluate(_dir.Path, data, options);
        report.Kind.Should().Be("mixture");
        report.Samples.Should().Be(300);
        report.ModesTotal.Should().Be(8);

        // The checkpoint holds the trained generator, and the same seed draws the same latents: the same scores as in memory.
        using var inMemory = GanEvaluator.ForMixture(GaussianMixture.Ring8, options);
        var expected = inMemory.Evaluate(g);
        report.Should().BeEquivalentTo(expected, o => o.Excluding(r => r.Seconds));
        g.Dispose();
        d.Dispose();
    }

    private sealed class ListLogger(List<string> lines) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) => lines.Add(formatter(state, exception));
    }
}
