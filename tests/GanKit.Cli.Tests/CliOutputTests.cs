using System.Text.Json;
using GanKit.Cli.Runs;

namespace GanKit.Cli.Tests;

/// <summary>What the tool prints for people and for scripts: its name, versions, rounded tables and --json results.</summary>
public sealed class CliOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-output-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Usage_names_the_command_users_type()
    {
        var help = CliRunner.Run("--help");
        help.ExitCode.Should().Be(0);
        help.StdOut.Should().Contain("gankit [command] [options]").And.NotContain("GanKit.Cli");
        CliRunner.Run("sample", "--help").StdOut.Should().Contain("gankit sample [options]");
    }

    [Fact]
    public void Version_names_gankit_torchsharp_libtorch_and_the_devices()
    {
        var version = CliRunner.Run("--version");
        version.ExitCode.Should().Be(0, version.StdErr);
        var lines = version.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().HaveCount(4);
        lines[0].Should().StartWith("gankit 0.");
        lines[1].Should().StartWith("TorchSharp 0.107");
        lines[2].Should().StartWith("libtorch 2.10");
        lines[3].Should().StartWith("devices: cpu (");
    }

    [Fact]
    public void Train_and_sample_print_one_json_object_with_their_results()
    {
        var run = Path.Combine(_dir, "run");
        var train = CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--latent", "2", "--width", "16", "--steps", "20",
            "--batch", "32", "--out", run, "--checkpoint-every", "10", "--json");
        train.ExitCode.Should().Be(0, train.StdErr);
        using (var json = JsonDocument.Parse(train.StdOut))
        {
            var r = json.RootElement;
            r.GetProperty("finalStep").GetInt64().Should().Be(20);
            r.GetProperty("stepsRun").GetInt64().Should().Be(20);
            r.GetProperty("checkpoint").GetString().Should().EndWith("step-00000020.gkc").And.Match(p => File.Exists(p));
            double.IsFinite(r.GetProperty("generatorLoss").GetDouble()).Should().BeTrue();
        }

        File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Should().HaveCount(2, "the log gets every report (steps 10 and 20) with --json too");

        var png = Path.Combine(_dir, "points.png");
        var sample = CliRunner.Run("sample", "--run", run, "--count", "50", "--out", png, "--json");
        sample.ExitCode.Should().Be(0, sample.StdErr);
        using var sampled = JsonDocument.Parse(sample.StdOut);
        sampled.RootElement.GetProperty("output").GetString().Should().Be(Path.GetFullPath(png));
        sampled.RootElement.GetProperty("count").GetInt32().Should().Be(50);
        sampled.RootElement.GetProperty("kind").GetString().Should().Be("points");
        sampled.RootElement.GetProperty("step").GetInt64().Should().Be(20);
        sampled.RootElement.GetProperty("class").ValueKind.Should().Be(JsonValueKind.Null);
        File.Exists(png).Should().BeTrue();
    }

    [Fact]
    public void Stylize_prints_one_json_object_with_the_losses_and_counts()
    {
        TorchSharp.torch.manual_seed(3);
        using (var content = TorchSharp.torch.rand(3, 40, 48)) GanKit.Imaging.ImageWriter.SavePng(content, Path.Combine(_dir, "content.png"));
        using (var style = TorchSharp.torch.rand(3, 40, 40)) GanKit.Imaging.ImageWriter.SavePng(style, Path.Combine(_dir, "style.png"));
        var output = Path.Combine(_dir, "out.png");
        var stylize = CliRunner.Run("stylize", "--content", Path.Combine(_dir, "content.png"), "--style", Path.Combine(_dir, "style.png"),
            "--out", output, "--size", "48", "--scales", "1", "--iterations", "2", "--json");
        stylize.ExitCode.Should().Be(0, stylize.StdErr);
        using var json = JsonDocument.Parse(stylize.StdOut);
        var r = json.RootElement;
        r.GetProperty("output").GetString().Should().Be(Path.GetFullPath(output));
        File.Exists(output).Should().BeTrue();
        (r.GetProperty("width").GetInt64(), r.GetProperty("height").GetInt64()).Should().Be((48L, 40L));
        r.GetProperty("cancelled").GetBoolean().Should().BeFalse();
        r.GetProperty("scales").GetInt32().Should().Be(1);
        r.GetProperty("iterations").GetInt32().Should().Be(2);
        r.GetProperty("functionEvaluations").GetInt32().Should().BeGreaterThanOrEqualTo(3, "the start and at least one per iteration");
        var losses = r.GetProperty("losses");
        losses.GetProperty("total").GetDouble().Should().BeApproximately(
            losses.GetProperty("content").GetDouble() + losses.GetProperty("style").GetDouble() +
            losses.GetProperty("totalVariation").GetDouble() + losses.GetProperty("other").GetDouble(), 1e-9);
    }

    [Theory]
    [InlineData(1880.4971229548319, "1880.5")]
    [InlineData(98.65183, "98.65")]
    [InlineData(2.43219, "2.432")]
    [InlineData(0.19833333333333333, "0.1983")]
    [InlineData(0.0000123, "1.23E-5")]
    [InlineData(0, "0")]
    [InlineData(-3.14159, "-3.142")]
    public void Table_numbers_keep_enough_digits_to_compare_runs(double value, string expected) =>
        RunEvaluator.Format(value).Should().Be(expected);

    [Fact]
    public void The_loss_curve_smooths_with_a_trailing_mean()
    {
        Plots.MovingAverage([1, 3, 5, 7], window: 2).Should().Equal(1, 2, 4, 6);
        Plots.MovingAverage([2, 4], window: 5).Should().Equal(2, 3);
    }
}
