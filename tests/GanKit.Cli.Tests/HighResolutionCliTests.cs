using System.Text.Json;
using GanKit.Imaging;

namespace GanKit.Cli.Tests;

public sealed class HighResolutionCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-cli-hr-").FullName;

    public HighResolutionCliTests()
    {
        var folder = Directory.CreateDirectory(P("images")).FullName;
        TorchSharp.torch.manual_seed(3);
        for (int i = 0; i < 24; i++)
        {
            using var image = TorchSharp.torch.rand(3, 24, 24);
            ImageWriter.SavePng(image, Path.Combine(folder, $"{i:D2}.png"));
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Msg_runs_write_sample_grids_at_every_scale()
    {
        var run = P("msg");
        var train = CliRunner.Run("train", "--data", "folder:" + P("images"), "--image-size", "16", "--model", "msg", "--width", "4", "--latent", "8",
            "--batch", "8", "--steps", "4", "--sample-every", "2", "--checkpoint-every", "2", "--ema", "0.9", "--r1", "1", "--out", run, "--json");
        train.ExitCode.Should().Be(0, train.StdErr);
        File.Exists(Path.Combine(run, "samples", "step-00000004-scales.png")).Should().BeTrue();
        File.Exists(Path.Combine(run, "samples-scales.png")).Should().BeTrue();
        var grid = ImageReader.ReadInfo(Path.Combine(run, "samples-scales.png"));
        grid.Height.Should().BeGreaterThan(3 * 16, "one row per scale: 4, 8 and 16 px");

        var sample = CliRunner.Run("sample", "--run", run, "--count", "8", "--out", P("s.png"), "--seed", "1");
        sample.ExitCode.Should().Be(0, sample.StdErr);
    }

    [Fact]
    public void Progressive_runs_grow_by_the_schedule_and_resume()
    {
        var run = P("pro");
        var train = CliRunner.Run("train", "--data", "folder:" + P("images"), "--image-size", "16", "--progressive", "16:16:4", "--width", "4",
            "--latent", "8", "--batch", "8", "--steps", "4", "--checkpoint-every", "3", "--out", run, "--json");
        train.ExitCode.Should().Be(0, train.StdErr);
        using (var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json"))))
        {
            settings.RootElement.GetProperty("model").GetString().Should().Be("progressive");
            settings.RootElement.GetProperty("progressive").GetString().Should().Be("16:16:4");
        }

        var resumed = CliRunner.Run("train", "--data", "folder:" + P("images"), "--out", run, "--resume", "--steps", "6", "--json");
        resumed.ExitCode.Should().Be(0, resumed.StdErr);
        using var result = JsonDocument.Parse(resumed.StdOut);
        result.RootElement.GetProperty("finalStep").GetInt64().Should().Be(6);
    }

    [Fact]
    public void Bad_schedules_and_models_are_user_errors()
    {
        var bad = CliRunner.Run("train", "--data", "folder:" + P("images"), "--image-size", "16", "--progressive", "slow", "--out", P("a"));
        bad.ExitCode.Should().Be(2, bad.StdErr);
        bad.StdErr.Should().Contain("--progressive");
        var model = CliRunner.Run("train", "--data", "folder:" + P("images"), "--image-size", "16", "--model", "resnet", "--progressive", "100", "--out", P("b"));
        model.ExitCode.Should().Be(2, model.StdErr);
        model.StdErr.Should().Contain("--model resnet");
        var size = CliRunner.Run("train", "--data", "folder:" + P("images"), "--image-size", "24", "--model", "msg", "--batch", "8", "--out", P("c"));
        size.ExitCode.Should().Be(2, size.StdErr);
        size.StdErr.Should().Contain("16, 32, 64, 128 or 256");
    }

    [Fact]
    public void Idx_images_are_resized_to_the_image_size_so_fashion_mnist_like_data_trains_msg_models()
    {
        var idx = P("images-idx3-ubyte.gz");
        IdxTestFiles.WriteImages(idx, count: 16, seed: 2);
        IdxTestFiles.WriteLabels(P("labels-idx1-ubyte.gz"), count: 16);
        var source = GanKit.Cli.Runs.DataSource.Parse("idx:" + idx + "," + P("labels-idx1-ubyte.gz"));
        using (var original = source.Load(0, imageSize: null))
        using (var resized = source.Load(0, imageSize: 32))
        {
            original.SampleShape.Should().Equal(1, 28, 28);
            resized.SampleShape.Should().Equal(1, 32, 32);
            resized.Count.Should().Be(16);
            long[] all = Enumerable.Range(0, 16).Select(i => (long)i).ToArray();
            using var a = original.GetBatch(all);
            using var b = resized.GetBatch(all);
            // Resizing keeps each image's content: its mean brightness and its stripes along x (column means).
            var meanA = a.Samples.mean([1, 2, 3]).data<float>().ToArray();
            var meanB = b.Samples.mean([1, 2, 3]).data<float>().ToArray();
            meanB.Zip(meanA, (x, y) => Math.Abs(x - y)).Max().Should().BeLessThan(0.03f);
            b.Labels!.data<long>().ToArray().Should().Equal(a.Labels!.data<long>().ToArray(), "labels stay with their images");
            resized.ClassCount.Should().Be(10);
            using var columnsA = TorchSharp.torch.nn.functional.interpolate(a.Samples.mean([2], keepdim: true), [1, 32], mode: TorchSharp.torch.InterpolationMode.Bilinear);
            using var columnsB = b.Samples.mean([2], keepdim: true);
            (columnsA - columnsB).abs().max().item<float>().Should().BeLessThan(0.1f);
        }

        var run = P("msg-idx");
        var train = CliRunner.Run("train", "--data", "idx:" + idx, "--image-size", "16", "--model", "msg", "--width", "4", "--latent", "8",
            "--batch", "8", "--steps", "2", "--sample-every", "2", "--checkpoint-every", "2", "--out", run, "--json");
        train.ExitCode.Should().Be(0, train.StdErr);
        File.Exists(Path.Combine(run, "samples-scales.png")).Should().BeTrue();
    }
}
