using GanKit.Data;
using GanKit.Metrics;
using GanKit.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.Tests.Data;

public sealed class DatasetTests
{
    [Fact]
    public void Mixtures_have_the_published_geometry()
    {
        GaussianMixture.Ring8.Modes.Should().HaveCount(8);
        GaussianMixture.Ring8.StandardDeviation.Should().Be(0.01);
        GaussianMixture.Ring8.Modes.Should().OnlyContain(m => Math.Abs(Math.Sqrt(m.X * m.X + m.Y * m.Y) - 1) < 1e-12);
        GaussianMixture.Grid25.Modes.Should().HaveCount(25).And.Contain((-4.0, 4.0)).And.Contain((0.0, 0.0));
        GaussianMixture.Grid25.StandardDeviation.Should().Be(0.05);
    }

    [Fact]
    public void Samples_from_the_mixture_itself_cover_every_mode_with_high_quality()
    {
        foreach (var mixture in new[] { GaussianMixture.Ring8, GaussianMixture.Grid25 })
        {
            using var data = mixture.CreateDataset(2500, seed: 3);
            using var all = data.GetBatch(Enumerable.Range(0, 2500).Select(i => (long)i).ToArray());
            var coverage = MixtureCoverage.Evaluate(all.Samples, mixture);
            coverage.ModesCaptured.Should().Be(mixture.Modes.Count);
            coverage.HighQualityFraction.Should().BeGreaterThan(0.98, "in 2D, P(r ≤ 3σ) = 1 − e^(−4.5) = 98.9%");
            coverage.ReverseKl.Should().BeLessThan(0.02);
        }
    }

    [Fact]
    public void Coverage_of_a_collapsed_generator_is_one_mode()
    {
        using var collapsed = full(new long[] { 100, 2 }, 0f);
        collapsed[.., 0] = tensor(1f);
        var coverage = MixtureCoverage.Evaluate(collapsed, GaussianMixture.Ring8);
        coverage.ModesCaptured.Should().Be(1);
        coverage.HighQualityFraction.Should().Be(1);
        coverage.ReverseKl.Should().BeApproximately(Math.Log(8), 1e-9);
    }

    [Fact]
    public void Mixture_datasets_are_reproducible_from_their_seed()
    {
        using var a = GaussianMixture.Ring8.CreateDataset(100, seed: 9);
        using var b = GaussianMixture.Ring8.CreateDataset(100, seed: 9);
        using var ba = a.GetBatch([5, 6]);
        using var bb = b.GetBatch([5, 6]);
        ba.Samples.eq(bb.Samples).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Tensor_dataset_validates_its_inputs()
    {
        FluentActions.Invoking(() => new InMemoryDataset(zeros(4, 2), tensor(new long[] { 0, 1, 2 }))).Should().Throw<ArgumentException>().WithMessage("*Labels must be [N]*");
        FluentActions.Invoking(() => new InMemoryDataset(zeros(2, 2), tensor(new long[] { 0, 5 }), 3)).Should().Throw<ArgumentException>().WithMessage("*[0, 3)*");
        FluentActions.Invoking(() => new InMemoryDataset(full(new long[] { 2, 2 }, float.NaN))).Should().Throw<ArgumentException>().WithMessage("*NaN*");
    }

    [Fact]
    public void Image_folder_resizes_crops_and_labels_by_sub_folder()
    {
        using var dir = new TempDirectory();
        foreach (var (cls, value) in new[] { ("cats", 0.2f), ("dogs", 0.8f) })
        {
            Directory.CreateDirectory(Path.Combine(dir.Path, cls));
            for (int i = 0; i < 2; i++)
            {
                using var img = full(new long[] { 3, 20 + i * 10, 30 }, value);
                GanKit.Imaging.ImageWriter.SavePng(img, Path.Combine(dir.Path, cls, $"{i}.png"));
            }
        }

        File.WriteAllText(Path.Combine(dir.Path, "dogs", "broken.png"), "not an image");
        FluentActions.Invoking(() => ImageFolders.Load(dir.Path, 16, 16)).Should().Throw<GanKit.Imaging.InvalidImageException>();

        var (data, classes) = ImageFolders.Load(dir.Path, 16, 16, skipUnreadable: true);
        using (data)
        {
            classes.Should().Equal("cats", "dogs");
            data.Count.Should().Be(4);
            data.SampleShape.Should().Equal(3, 16, 16);
            using var batch = data.GetBatch([0, 3]);
            batch.Labels!.data<long>().ToArray().Should().Equal(0, 1);
            batch.Samples[0].mean().item<float>().Should().BeApproximately(0.2f * 2 - 1, 0.01f);
            batch.Samples[1].mean().item<float>().Should().BeApproximately(0.8f * 2 - 1, 0.01f);
        }
    }

    [Fact]
    public void Image_folder_errors_name_the_folder()
    {
        using var dir = new TempDirectory();
        FluentActions.Invoking(() => ImageFolders.Load(dir.Path, 8, 8)).Should().Throw<InvalidDatasetException>().WithMessage("*holds no PNG*");
        FluentActions.Invoking(() => ImageFolders.Load(dir.File("missing"), 8, 8)).Should().Throw<InvalidDatasetException>().WithMessage("*does not exist*");
    }
}
