using System.Text.Json;
using GanKit.Onnx;

namespace GanKit.Cli.Tests;

/// <summary>`gankit export`: the EMA generator by default, the raw one with --raw, metadata and user errors.</summary>
public sealed class ExportCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-cli-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Export_writes_the_ema_generator_by_default_and_the_raw_one_with_raw()
    {
        var run = Path.Combine(_dir, "run");
        var train = CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--latent", "3", "--width", "16", "--steps", "10",
            "--batch", "32", "--seed", "2", "--ema", "0.9", "--out", run, "--checkpoint-every", "10", "--sample-every", "10");
        train.ExitCode.Should().Be(0, train.StdErr);

        var ema = Path.Combine(_dir, "ema.onnx");
        var result = CliRunner.Run("export", "--run", run, "--out", ema, "--json");
        result.ExitCode.Should().Be(0, result.StdErr);
        using (var json = JsonDocument.Parse(result.StdOut))
        {
            json.RootElement.GetProperty("weights").GetString().Should().Be("ema");
            json.RootElement.GetProperty("step").GetInt64().Should().Be(10);
            json.RootElement.GetProperty("latentSize").GetInt32().Should().Be(3);
            json.RootElement.GetProperty("sampleShape").EnumerateArray().Select(e => e.GetInt64()).Should().Equal(2);
        }

        var plain = CliRunner.Run("export", "--run", run, "--out", Path.Combine(_dir, "plain.onnx"));
        plain.ExitCode.Should().Be(0, plain.StdErr);
        plain.StdOut.Should().Contain("Wrote the ema generator of step 10");

        var raw = Path.Combine(_dir, "raw.onnx");
        var rawResult = CliRunner.Run("export", "--run", run, "--out", raw, "--raw", "--json");
        rawResult.ExitCode.Should().Be(0, rawResult.StdErr);
        JsonDocument.Parse(rawResult.StdOut).RootElement.GetProperty("weights").GetString().Should().Be("raw");

        var emaModel = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(ema));
        var rawModel = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(raw));
        emaModel.MetadataProps.Single(p => p.Key == OnnxMetadataKeys.LatentSize).Value.Should().Be("3");
        emaModel.MetadataProps.Single(p => p.Key == OnnxMetadataKeys.OutputRange).Value.Should().Be("unbounded");
        emaModel.Graph.Input.Select(i => i.Name).Should().Equal(OnnxMetadataKeys.LatentInput);
        emaModel.Graph.Initializer.Select(t => t.Name).Should().Equal(rawModel.Graph.Initializer.Select(t => t.Name));
        emaModel.Graph.Initializer.Zip(rawModel.Graph.Initializer).Should().Contain(p => !p.First.RawData.Equals(p.Second.RawData),
            "ten steps with EMA 0.9 leave the averaged weights apart from the raw ones");

        var wrongNames = CliRunner.Run("export", "--run", run, "--out", Path.Combine(_dir, "x.onnx"), "--class-names", "a,b");
        wrongNames.ExitCode.Should().Be(2);
        wrongNames.StdErr.Should().Contain("--class-names needs a conditional run");
        File.Exists(Path.Combine(_dir, "x.onnx")).Should().BeFalse();
    }
}
