using System.Text.Json;

namespace GanKit.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static void ShouldBeUserError(CliRunner.Result r, string fragment)
    {
        r.ExitCode.Should().Be(2, r.StdErr);
        r.StdErr.Should().Contain(fragment);
        r.StdErr.Should().NotContain("   at ", "user errors never show a stack trace");
    }

    [Fact]
    public void Bad_flags_and_values_are_one_line_and_exit_2()
    {
        ShouldBeUserError(CliRunner.Run("train", "--out", P("r")), "--data");
        ShouldBeUserError(CliRunner.Run("train", "--data", "ring9", "--out", P("r")), "is not one of ring8, grid25");
        ShouldBeUserError(CliRunner.Run("train", "--data", "ring8", "--model", "gpt", "--out", P("r")), "--model 'gpt'");
        ShouldBeUserError(CliRunner.Run("train", "--data", "ring8", "--loss", "bce", "--out", P("r")), "--loss");
        ShouldBeUserError(CliRunner.Run("train", "--data", "ring8", "--device", "cuda", "--out", P("r")), "TorchSharp-cuda");
        ShouldBeUserError(CliRunner.Run("frobnicate"), "frobnicate");
        ShouldBeUserError(CliRunner.Run("sample", "--run", P("missing"), "--out", P("x.png")), "neither a run folder nor a checkpoint");
    }

    [Fact]
    public void Impossible_sizes_and_corrupt_files_are_user_errors()
    {
        var corrupt = P("images.gz");
        File.WriteAllBytes(corrupt, [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        ShouldBeUserError(CliRunner.Run("train", "--data", "idx:" + corrupt, "--out", P("r1")), "images.gz");

        var folder = Directory.CreateDirectory(P("imgs")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.png"), "not a png");
        ShouldBeUserError(CliRunner.Run("train", "--data", "folder:" + folder, "--image-size", "16", "--out", P("r2")), "none of its image files");

        ShouldBeUserError(CliRunner.Run("train", "--data", "fashion-mnist", "--model", "dcgan", "--image-size", "30", "--steps", "1", "--out", P("r3"), "--width", "0", "--latent", "0"),
            "latent size");

        var badImage = P("content.png");
        File.WriteAllBytes(badImage, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        var style = P("style.png");
        File.WriteAllBytes(style, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        ShouldBeUserError(CliRunner.Run("stylize", "--content", badImage, "--style", style, "--out", P("o.png"), "--iterations", "1"), "content.png");
        ShouldBeUserError(CliRunner.Run("stylize", "--content", P("nope.png"), "--style", style, "--out", P("o.png")), "does not exist");
    }

    [Fact]
    public void Train_sample_evaluate_and_resume_a_ring8_run()
    {
        var run = P("run");
        var train = CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--latent", "2", "--width", "32", "--steps", "30",
            "--batch", "64", "--seed", "3", "--out", run, "--checkpoint-every", "10", "--sample-every", "10");
        train.ExitCode.Should().Be(0, train.StdErr);
        File.Exists(Path.Combine(run, "loss.png")).Should().BeTrue();
        File.Exists(Path.Combine(run, "samples", "step-00000030.png")).Should().BeTrue();
        File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Should().HaveCount(3).And.OnlyContain(l => l.Contains("\"dLoss\""));

        CliRunner.Run("train", "--data", "ring8", "--out", run).ExitCode.Should().Be(2, "an existing run needs --resume");
        var resumed = CliRunner.Run("train", "--data", "ring8", "--out", run, "--resume", "--steps", "40");
        resumed.ExitCode.Should().Be(0, resumed.StdErr);
        Directory.GetFiles(Path.Combine(run, "checkpoints")).Select(Path.GetFileName).Should().Contain("step-00000040.gkc");

        var sample = CliRunner.Run("sample", "--run", run, "--count", "100", "--out", P("s.png"), "--seed", "1");
        sample.ExitCode.Should().Be(0, sample.StdErr);
        new FileInfo(P("s.png")).Length.Should().BeGreaterThan(1000);

        var evaluate = CliRunner.Run("evaluate", "--run", run, "--json", "--samples", "500");
        evaluate.ExitCode.Should().Be(0, evaluate.StdErr);
        using var json = JsonDocument.Parse(evaluate.StdOut);
        json.RootElement.GetProperty("modesTotal").GetInt32().Should().Be(8);
        json.RootElement.GetProperty("modes").GetInt32().Should().BeInRange(0, 8);
        json.RootElement.GetProperty("highQualityFraction").GetDouble().Should().BeInRange(0, 1);
        json.RootElement.TryGetProperty("reverseKl", out _).Should().BeTrue();
        evaluate.StdOut.Trim().Should().StartWith("{").And.EndWith("}", "--json prints the JSON object and nothing else");
    }
}
