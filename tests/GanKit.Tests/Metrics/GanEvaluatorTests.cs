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

public sealed class GanEvaluatorTests : IDisposable
{
    private static readonly EvaluationOptions Small = new() { SampleCount = 200, ReferenceCount = 200, KidSubsets = 5, KidSubsetSize = 100, BatchSize = 64 };
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Generator PointGenerator() => Generator.CreateBuilder().ForVectors(2).WithLatentSize(2).UseMlp(16, 2).WithSeed(1).Build();

    private static Generator ImageGenerator() => Generator.CreateBuilder().ForImages(1, 8, 8).WithLatentSize(4).UseMlp(16, 1).WithSeed(1).Build();

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
        using var g = PointGenerator();
        var report = evaluator.Evaluate(g);
        report.Kind.Should().Be("mixture");
        report.Samples.Should().Be(2500);
        report.ModesTotal.Should().Be(25);
        report.Modes.Should().BeInRange(0, 25);
        report.Fid.Should().BeNull();
        report.FeatureSpaces.Should().BeEmpty();
    }

    [Fact]
    public void Unknown_two_dimensional_data_asks_for_the_mixture()
    {
        manual_seed(1);
        using var data = new TensorDataset(randn(500, 2) * 10);
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
        using var g = ImageGenerator();
        var progress = new ListProgress<EvaluationProgress>();
        var report = evaluator.Evaluate(g, progress);
        report.Kind.Should().Be("images");
        report.Samples.Should().Be(200);
        report.FeatureSpaces.Select(s => s.FeatureSpace).Should().Equal("identity", "classifier");
        report.Fid.Should().BeGreaterThan(0);
        report.Kid.Should().NotBeNull();
        report.Precision.Should().BeInRange(0, 1);
        report.ClassCoverage.Should().BeInRange(0, 1);
        report.ClassKl.Should().BeGreaterThanOrEqualTo(0);
        report.Modes.Should().BeNull();
        progress.Items.Should().Contain(p => p.Stage == "reference").And.Contain(p => p.Stage == "generated" && p.Done == 200);
        report.Summarize().Should().Contain("identity: FID").And.Contain("class coverage");
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
        var report = GanEvaluation.Evaluate(_dir.Path, data, new EvaluationOptions { SampleCount = 300 });
        report.Kind.Should().Be("mixture");
        report.Samples.Should().Be(300);
        report.ModesTotal.Should().Be(8);
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
