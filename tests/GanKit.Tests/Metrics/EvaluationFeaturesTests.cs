using GanKit.Data;
using GanKit.IO;
using GanKit.Metrics;
using GanKit.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

/// <summary>Saved feature matrices, the real-vs-real floor and the KID subset size the evaluator reports.</summary>
public sealed class EvaluationFeaturesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Saved_features_are_exactly_what_every_metric_and_floor_was_computed_from()
    {
        using var data = MetricTestData.Bands(300, seed: 11);
        using var other = MetricTestData.Bands(150, seed: 12);
        using var space = FeatureSpaces.Identity(64);
        var options = new EvaluationOptions
        {
            ReferenceCount = 100, ManifoldSampleCount = 80, KidSubsets = 5, KidSubsetSize = 40, BatchSize = 32, Seed = 3,
            FeatureDirectory = _dir.Path,
        };
        using var evaluator = GanEvaluator.ForImages(data, [space], options: options);

        var report = evaluator.EvaluateData(other, count: 100);

        using var real = NpyFile.Read(Path.Combine(_dir.Path, "identity-real.npy"));
        using var generated = NpyFile.Read(Path.Combine(_dir.Path, "identity-generated.npy"));
        using var floor = NpyFile.Read(Path.Combine(_dir.Path, "identity-real-floor.npy"));
        real.dtype.Should().Be(ScalarType.Float32);
        real.shape.Should().Equal(100, 64);
        generated.shape.Should().Equal(100, 64);
        floor.shape.Should().Equal(100, 64);
        using (var batch = other.GetBatch(Enumerable.Range(0, 100).Select(i => (long)i).ToArray()))
            generated.equal(batch.Samples.reshape(100, 64)).all().item<bool>().Should().BeTrue("the generated side is the other data's first 100 samples");

        // FID streams over every row; KID and the k-NN metrics use the first ManifoldSampleCount rows.
        report.Fid!.Value.Should().BeApproximately(FrechetDistance.Compute(real, generated), 1e-9 * report.Fid.Value);
        using var realKept = real[..80];
        using var generatedKept = generated[..80];
        var kid = KernelInceptionDistance.Compute(realKept, generatedKept, 5, 40, seed: 3);
        report.Kid.Should().Be(kid.Mean);
        report.KidStd.Should().Be(kid.StandardDeviation);
        report.KidSubsetSize.Should().Be(40);
        var knn = NearestNeighbourMetrics.Compute(realKept, generatedKept);
        report.Precision.Should().Be(knn.Precision);
        report.Recall.Should().Be(knn.Recall);
        report.Density.Should().Be(knn.Density);
        report.Coverage.Should().Be(knn.Coverage);
        report.FidFloor!.Value.Should().BeApproximately(FrechetDistance.Compute(real, floor), 1e-9 * report.FidFloor.Value);
        using var floorKept = floor[..80];
        report.KidFloor.Should().Be(KernelInceptionDistance.Compute(realKept, floorKept, 5, 40, seed: 3).Mean);
    }

    [Fact]
    public void The_floor_is_drawn_disjoint_from_the_reference_and_sits_below_a_shifted_set()
    {
        using var data = MetricTestData.Bands(400, seed: 13);
        using var space = FeatureSpaces.Identity(64);
        var options = new EvaluationOptions { ReferenceCount = 150, KidSubsets = 5, KidSubsetSize = 100, BatchSize = 64, FeatureDirectory = _dir.Path };
        using var evaluator = GanEvaluator.ForImages(data, [space], options: options);
        using var source = MetricTestData.Bands(150, seed: 14);
        using var batch = source.GetBatch(Enumerable.Range(0, 150).Select(i => (long)i).ToArray());
        using var shifted = new InMemoryDataset(batch.Samples * 0.8f);

        var report = evaluator.EvaluateData(shifted);

        using var real = NpyFile.Read(Path.Combine(_dir.Path, "identity-real.npy"));
        using var floor = NpyFile.Read(Path.Combine(_dir.Path, "identity-real-floor.npy"));
        // No floor row is a reference row (the noise makes every image distinct).
        using var nearest = cdist(floor.to(ScalarType.Float64), real.to(ScalarType.Float64)).min(1).values;
        nearest.min().item<double>().Should().BeGreaterThan(0);
        report.FidFloor.Should().BeGreaterThan(0).And.BeLessThan(report.Fid!.Value);
        report.KidFloor.Should().BeLessThan(report.Kid!.Value);
    }

    [Fact]
    public void Without_enough_real_data_for_a_disjoint_set_the_floors_are_null()
    {
        using var data = MetricTestData.Bands(200);
        using var space = FeatureSpaces.Identity(64);
        var options = new EvaluationOptions { SampleCount = 150, ReferenceCount = 100, KidSubsets = 5, KidSubsetSize = 50, BatchSize = 64 };
        using var evaluator = GanEvaluator.ForImages(data, [space], options: options);
        var report = evaluator.EvaluateData(data);
        report.FidFloor.Should().BeNull("only 100 samples are left outside the reference, 150 are needed");
        report.KidFloor.Should().BeNull();
        report.Fid.Should().NotBeNull();
    }

    [Fact]
    public void A_kid_subset_larger_than_the_kept_sets_is_shrunk_and_reported_without_a_false_spread()
    {
        using var data = MetricTestData.Bands(200);
        using var space = FeatureSpaces.Identity(64);
        var options = new EvaluationOptions { SampleCount = 120, ReferenceCount = 120, BatchSize = 64, RealFloor = false }; // KidSubsetSize 1,000
        using var evaluator = GanEvaluator.ForImages(data, [space], options: options);
        var report = evaluator.EvaluateData(data);
        report.KidSubsetSize.Should().Be(120);
        report.KidStd.Should().BeNull("every subset of 120 out of 120 is the same sample");
        report.FeatureSpaces[0].KidSubsetSize.Should().Be(120);
        report.FidFloor.Should().BeNull();
    }

    [Fact]
    public void A_shrunk_kid_subset_is_warned_about_once_per_evaluation_even_with_a_floor()
    {
        using var data = MetricTestData.Bands(400);
        using var space = FeatureSpaces.Identity(64);
        var logs = new ListLoggerFactory();
        var options = new EvaluationOptions { SampleCount = 120, ReferenceCount = 120, BatchSize = 64, LoggerFactory = logs }; // KidSubsetSize 1,000
        using var evaluator = GanEvaluator.ForImages(data, [space], options: options);
        var report = evaluator.EvaluateData(data);
        report.KidFloor.Should().NotBeNull("280 samples are left outside the reference, 120 are needed");
        logs.Entries.Where(e => e.Id.Id == 605).Should().ContainSingle().Which.Message.Should().Contain("120");
    }

    [Fact]
    public void Bad_feature_options_are_listed_together()
    {
        using var data = MetricTestData.Bands(50);
        using var space = FeatureSpaces.Identity(64);
        var options = new EvaluationOptions { FeatureDirectory = " ", NeighbourBallConvention = (NeighbourBallConvention)7 };
        FluentActions.Invoking(() => GanEvaluator.ForImages(data, [space], options: options)).Should().Throw<GanKit.Configuration.GanKitConfigurationException>()
            .WithMessage("*feature directory*").WithMessage("*convention*");
    }

    [Fact]
    public void A_mixture_evaluator_refuses_to_save_features_it_does_not_have()
    {
        var options = new EvaluationOptions { FeatureDirectory = _dir.Path };
        FluentActions.Invoking(() => GanEvaluator.ForMixture(GaussianMixture.Ring8, options)).Should().Throw<ArgumentException>()
            .WithMessage("*mode coverage*FeatureDirectory*");
        using var points = GaussianMixture.Ring8.CreateDataset(100, seed: 1);
        FluentActions.Invoking(() => GanEvaluator.ForDataset(points, options)).Should().Throw<ArgumentException>();
        Directory.EnumerateFileSystemEntries(_dir.Path).Should().BeEmpty();
    }
}
