using System.Text.Json;
using GanKit.Checkpoints;
using GanKit.Data;
using GanKit.Metrics;
using GanKit.Models;
using GanKit.Training;

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

    /// <summary>
    /// A checkpoint whose generator puts every sample at (x, y): its output layer has weight 0 and bias (x, y), and the one
    /// training step that writes the checkpoint uses a learning rate (10⁻¹²) too small to move a float32 output.
    /// </summary>
    private static void WriteCollapsedCheckpoint(string directory, float x, float y)
    {
        var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(2).UseMlp(8, 1).WithSeed(1).Build();
        var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(8, 1).WithSeed(2).Build();
        using (TorchSharp.torch.no_grad())
        {
            var parameters = g.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            parameters["body.out.weight"].zero_();
            parameters["body.out.bias"].copy_(TorchSharp.torch.tensor(new[] { x, y }));
        }

        using var data = GaussianMixture.Ring8.CreateDataset(64);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(8).WithOptimizers(OptimizerSettings.Adam(1e-12), OptimizerSettings.Adam(1e-12))
            .WithCheckpoints(directory, every: 1).Build();
        trainer.Train(data, 1);
        g.Dispose();
        d.Dispose();
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

    private sealed class OwnGenerator : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor?, TorchSharp.torch.Tensor>
    {
        private readonly TorchSharp.Modules.Linear layer = TorchSharp.torch.nn.Linear(2, 2);

        public OwnGenerator() : base(nameof(OwnGenerator)) => RegisterComponents();

        public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor latent, TorchSharp.torch.Tensor? labels) => layer.call(latent);
    }

    [Fact]
    public void A_checkpoint_of_a_users_own_generator_module_is_a_user_error_naming_the_factory_overload()
    {
        var run = P("own");
        var g = Generator.FromModule(new OwnGenerator(), new GeneratorDescriptor(2, [2]));
        var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(8, 1).WithSeed(2).Build();
        using (var data = GaussianMixture.Ring8.CreateDataset(64))
        using (var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(8).WithCheckpoints(Path.Combine(run, "checkpoints"), every: 1).Build())
            trainer.Train(data, 1);
        g.Dispose();
        d.Dispose();

        ShouldBeUserError(CliRunner.Run("sample", "--run", run, "--out", P("own.png")), "Checkpoint.LoadGenerator(path, factory)");
        ShouldBeUserError(CliRunner.Run("sample", "--run", Checkpoint.FindLatest(Path.Combine(run, "checkpoints"))!, "--out", P("own.png")),
            "generator module of your own");
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
        // As if the run had been killed after logging step 30 but before its checkpoint: it resumes from step 20 and
        // logs steps 21–40 again, which must not leave step 30 in the log twice.
        File.Delete(Path.Combine(run, "checkpoints", "step-00000030.gkc"));
        var resumed = CliRunner.Run("train", "--data", "ring8", "--out", run, "--resume", "--steps", "40");
        resumed.ExitCode.Should().Be(0, resumed.StdErr);
        Directory.GetFiles(Path.Combine(run, "checkpoints")).Select(Path.GetFileName).Should().Contain("step-00000040.gkc");
        File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64())
            .Should().Equal(10, 20, 30, 40);

        var sample = CliRunner.Run("sample", "--run", run, "--count", "100", "--out", P("s.png"), "--seed", "1");
        sample.ExitCode.Should().Be(0, sample.StdErr);
        new FileInfo(P("s.png")).Length.Should().BeGreaterThan(1000);

        ShouldBeUserError(CliRunner.Run("evaluate", "--run", run, "--save-features", P("features")), "--save-features");
        Directory.Exists(P("features")).Should().BeFalse();

        var evaluate = CliRunner.Run("evaluate", "--run", run, "--json", "--samples", "500", "--seed", "4");
        evaluate.ExitCode.Should().Be(0, evaluate.StdErr);
        evaluate.StdOut.Trim().Should().StartWith("{").And.EndWith("}", "--json prints the JSON object and nothing else");
        using var json = JsonDocument.Parse(evaluate.StdOut);
        var root = json.RootElement;

        // The library's own evaluation of the newest checkpoint, on the same mixture, sample count and seed, gives the same numbers.
        using var generator = Checkpoint.LoadGenerator(Path.Combine(run, "checkpoints"));
        using var evaluator = GanEvaluator.ForMixture(GaussianMixture.Ring8, new EvaluationOptions { SampleCount = 500, Seed = 4 });
        var expected = evaluator.Evaluate(generator);
        root.GetProperty("kind").GetString().Should().Be("mixture");
        root.GetProperty("samples").GetInt64().Should().Be(500);
        root.GetProperty("modesTotal").GetInt32().Should().Be(8);
        root.GetProperty("modes").GetInt32().Should().Be(expected.Modes!.Value);
        root.GetProperty("highQualityFraction").GetDouble().Should().Be(expected.HighQualityFraction!.Value);
        var reverseKl = root.GetProperty("reverseKl");
        if (expected.ReverseKl is { } kl) reverseKl.GetDouble().Should().Be(kl);
        else reverseKl.ValueKind.Should().Be(JsonValueKind.Null, "no high-quality sample leaves the KL undefined");
        root.GetProperty("fid").ValueKind.Should().Be(JsonValueKind.Null, "every key is written; FID does not fit 2D data");

        // A run whose scores are known: the same run settings with a checkpoint of a generator collapsed onto the mode (1, 0).
        var collapsed = Directory.CreateDirectory(P("collapsed")).FullName;
        File.Copy(Path.Combine(run, "run.json"), Path.Combine(collapsed, "run.json"));
        WriteCollapsedCheckpoint(Path.Combine(collapsed, "checkpoints"), x: 1, y: 0);
        var onOneMode = CliRunner.Run("evaluate", "--run", collapsed, "--json", "--samples", "300");
        onOneMode.ExitCode.Should().Be(0, onOneMode.StdErr);
        using var collapsedJson = JsonDocument.Parse(onOneMode.StdOut);
        var c = collapsedJson.RootElement;
        c.GetProperty("samples").GetInt64().Should().Be(300);
        c.GetProperty("modes").GetInt32().Should().Be(1);
        c.GetProperty("highQualityFraction").GetDouble().Should().Be(1);
        c.GetProperty("reverseKl").GetDouble().Should().BeApproximately(Math.Log(8), 1e-12, "all mass on one of 8 modes");
    }
}
