using System.Text.Json;
using SkiaSharp;

namespace GanKit.Cli.Tests;

/// <summary>gankit train --tensorboard DIR: the event file holds the run's metrics and sample grids.</summary>
public sealed class TensorBoardCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-tensorboard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Train_writes_the_logged_metrics_and_sample_plots_to_tensorboard()
    {
        var run = Path.Combine(_dir, "run");
        var logs = Path.Combine(_dir, "tb");
        // --recipe dcgan: constant learning rates of 2e-4 (ring8's default recipe, mixture, decays 1e-3 to 0).
        var train = CliRunner.Run("train", "--data", "ring8", "--recipe", "dcgan", "--model", "mlp", "--latent", "2", "--width", "16", "--steps", "20",
            "--batch", "32", "--seed", "1", "--out", run, "--sample-every", "10", "--tensorboard", logs, "--json");
        train.ExitCode.Should().Be(0, train.StdErr);

        var events = EventFileReader.ReadSingle(logs);
        var scalars = EventFileReader.Scalars(events);
        var logged = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        logged.Select(l => l.GetProperty("step").GetInt64()).Should().Equal(10, 20);
        foreach (var line in logged)
        {
            long step = line.GetProperty("step").GetInt64();
            var at = scalars.Where(s => s.Step == step).ToDictionary(s => s.Tag, s => s.Value);
            at["loss/discriminator"].Should().Be((float)line.GetProperty("dLoss").GetDouble());
            at["loss/generator"].Should().Be((float)line.GetProperty("gLoss").GetDouble());
            at["discriminator/real_score"].Should().Be((float)line.GetProperty("dReal").GetDouble());
            at["discriminator/fake_score"].Should().Be((float)line.GetProperty("dFake").GetDouble());
            at["loss/penalty"].Should().Be((float)line.GetProperty("penalty").GetDouble());
            at["learning_rate/generator"].Should().Be(2e-4f);
            at["learning_rate/discriminator"].Should().Be(2e-4f);
        }

        var images = EventFileReader.Images(events);
        images.Select(i => (i.Tag, i.Step)).Should().Equal(("samples", 10L), ("samples", 20L));
        using var plot = SKBitmap.Decode(images[1].Image.EncodedImageString.ToByteArray());
        (plot.Width, plot.Height).Should().Be((256, 256), "2D points are drawn as a scatter plot");
    }

    [Fact]
    public void Stylize_writes_every_iterations_losses_and_the_final_scales_image()
    {
        TorchSharp.torch.manual_seed(3);
        using (var content = TorchSharp.torch.rand(3, 40, 48)) GanKit.Imaging.ImageWriter.SavePng(content, Path.Combine(_dir, "content.png"));
        using (var style = TorchSharp.torch.rand(3, 40, 40)) GanKit.Imaging.ImageWriter.SavePng(style, Path.Combine(_dir, "style.png"));
        var logs = Path.Combine(_dir, "tb");
        var stylize = CliRunner.Run("stylize", "--content", Path.Combine(_dir, "content.png"), "--style", Path.Combine(_dir, "style.png"),
            "--out", Path.Combine(_dir, "out.png"), "--size", "48", "--scales", "1", "--iterations", "2", "--tensorboard", logs, "--json");
        stylize.ExitCode.Should().Be(0, stylize.StdErr);
        using var json = JsonDocument.Parse(stylize.StdOut);
        var final = json.RootElement.GetProperty("losses");

        var events = EventFileReader.ReadSingle(logs);
        var totals = EventFileReader.Scalars(events).Where(s => s.Tag == "loss/total").ToArray();
        totals.Select(s => s.Step).Should().Equal(1L, 2L, 3L);
        totals[^1].Value.Should().Be((float)final.GetProperty("total").GetDouble(), "the last report is the result's losses");
        var image = EventFileReader.Images(events).Should().ContainSingle().Subject;
        (image.Tag, image.Step, image.Image.Width, image.Image.Height).Should().Be(("image", 3L, 48, 40));
    }

    [Fact]
    public void A_file_is_refused_as_the_tensorboard_folder_before_training()
    {
        var file = Path.Combine(_dir, "taken");
        File.WriteAllText(file, "x");
        var result = CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--steps", "1", "--out", Path.Combine(_dir, "run"), "--tensorboard", file);
        result.ExitCode.Should().Be(2);
        result.StdErr.Should().Contain("--tensorboard");
        Directory.Exists(Path.Combine(_dir, "run")).Should().BeFalse();
    }
}
