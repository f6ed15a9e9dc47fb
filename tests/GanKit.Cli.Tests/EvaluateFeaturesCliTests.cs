using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace GanKit.Cli.Tests;

/// <summary>`gankit evaluate --save-features` and the floors in `--json`, on a tiny unlabelled image set (ResNet18 features).</summary>
public sealed class EvaluateFeaturesCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-cli-features-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Evaluate_saves_the_feature_matrices_and_reports_the_floors_and_the_kid_subset_size()
    {
        var images = Path.Combine(_dir, "images.gz");
        IdxTestFiles.WriteImages(images, count: 130, seed: 5);
        var run = Path.Combine(_dir, "run");
        var train = CliRunner.Run("train", "--data", "idx:" + images, "--model", "dcgan", "--width", "8", "--latent", "8", "--steps", "2",
            "--batch", "16", "--out", run, "--checkpoint-every", "2", "--sample-every", "2");
        train.ExitCode.Should().Be(0, train.StdErr);

        var features = Path.Combine(_dir, "features");
        var evaluate = CliRunner.Run("evaluate", "--run", run, "--json", "--samples", "60", "--save-features", features);

        evaluate.ExitCode.Should().Be(0, evaluate.StdErr);
        using var json = JsonDocument.Parse(evaluate.StdOut);
        var root = json.RootElement;
        root.GetProperty("featureSpace").GetString().Should().Be("resnet18");
        root.GetProperty("fidFloor").GetDouble().Should().BeGreaterThan(0).And.BeLessThan(root.GetProperty("fid").GetDouble());
        root.GetProperty("kidFloor").ValueKind.Should().Be(JsonValueKind.Number);
        root.GetProperty("kidSubsetSize").GetInt32().Should().Be(60, "60 samples per side are fewer than the default 1,000");
        root.GetProperty("kidStd").ValueKind.Should().Be(JsonValueKind.Null, "subsets of the whole sets have no spread");
        foreach (var (file, rows) in new[] { ("resnet18-real.npy", 60), ("resnet18-generated.npy", 60), ("resnet18-real-floor.npy", 60) })
            NpyShapeAndType(Path.Combine(features, file)).Should().Be(($"({rows}, 512)", "<f4"), file);
    }

    private static (string Shape, string Descr) NpyShapeAndType(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
        var header = Encoding.ASCII.GetString(bytes, 10, length);
        string Between(string after, char end)
        {
            int start = header.IndexOf(after, StringComparison.Ordinal) + after.Length;
            return header[start..(header.IndexOf(end, start) + (end == ')' ? 1 : 0))];
        }

        var shape = Between("'shape': ", ')');
        var descr = Between("'descr': '", '\'');
        int rows = int.Parse(shape[1..shape.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        (bytes.Length - 10 - length).Should().Be(rows * 512 * 4, "the data is rows × 512 float32 values");
        return (shape, descr);
    }
}
