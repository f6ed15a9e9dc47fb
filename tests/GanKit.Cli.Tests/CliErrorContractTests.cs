using System.Buffers.Binary;
using System.IO.Compression;
using GanKit.Imaging;
using static TorchSharp.torch;

namespace GanKit.Cli.Tests;

/// <summary>
/// The exit-code contract, one test per class of user error: exit 2, exactly one line on stderr that names the problem
/// (the flag or file) and no stack trace. Exit 1 is left to GanKit bugs.
/// </summary>
public sealed class CliErrorContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-contract-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static void ShouldBeOneLineUserError(CliRunner.Result r, params string[] fragments)
    {
        r.ExitCode.Should().Be(2, r.StdErr);
        var lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle("a user error is one line on stderr; got:\n{0}", r.StdErr);
        lines[0].Should().StartWith("gankit: ").And.NotContain("unexpected").And.NotContain("(Parameter", "users do not care about C# parameter names");
        foreach (var fragment in fragments) lines[0].Should().Contain(fragment);
    }

    private void Png(string name, int width, int height)
    {
        using var image = rand(3, height, width);
        ImageWriter.SavePng(image, P(name));
    }

    private string IdxImages(string name, int count)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 28);
        using (var gz = new GZipStream(File.Create(P(name)), CompressionLevel.Fastest))
        {
            gz.Write(header);
            gz.Write(new byte[count * 28 * 28]);
        }

        return P(name);
    }

    [Fact]
    public void Data_with_fewer_samples_than_one_batch()
    {
        var folder = Directory.CreateDirectory(P("three")).FullName;
        for (int i = 0; i < 3; i++) Png(Path.Combine("three", $"{i}.png"), 20, 20);
        ShouldBeOneLineUserError(CliRunner.Run("train", "--data", "folder:" + folder, "--image-size", "16", "--batch", "64", "--steps", "2", "--out", P("r1")),
            "3 sample", "64", "--batch");

        ShouldBeOneLineUserError(CliRunner.Run("train", "--data", "idx:" + IdxImages("few.gz", 3), "--batch", "64", "--steps", "2", "--out", P("r2")),
            "few.gz", "3 sample", "--batch");
    }

    [Fact]
    public void Images_under_the_minimum_size_for_stylize()
    {
        Png("dot.png", 1, 1);
        Png("sliver.png", 4000, 3);
        Png("strip.png", 4000, 20);
        Png("style.png", 40, 40);
        string[] quick = ["--iterations", "1", "--scales", "1"];

        ShouldBeOneLineUserError(CliRunner.Run(["stylize", "--content", P("dot.png"), "--style", P("style.png"), "--out", P("o.png"), .. quick]),
            "--content", "dot.png", "1×1", "16 pixels");
        ShouldBeOneLineUserError(CliRunner.Run(["stylize", "--content", P("sliver.png"), "--style", P("style.png"), "--out", P("o.png"), .. quick]),
            "sliver.png", "4000×3", "16 pixels");
        ShouldBeOneLineUserError(CliRunner.Run(["stylize", "--content", P("style.png"), "--style", P("style.png"), "--style", P("dot.png"), "--out", P("o.png"), .. quick]),
            "--style", "dot.png", "16 pixels");
        ShouldBeOneLineUserError(CliRunner.Run(["stylize", "--content", P("strip.png"), "--style", P("style.png"), "--out", P("o.png"), "--size", "64", .. quick]),
            "strip.png", "64 px", "--size");
        File.Exists(P("o.png")).Should().BeFalse();
    }

    [Fact]
    public void Flag_values_the_library_parses()
    {
        ShouldBeOneLineUserError(CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--device", "tpu", "--out", P("r1")), "--device", "'tpu'");
        ShouldBeOneLineUserError(CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--loss", "bce", "--out", P("r2")), "--loss", "'bce'");
        ShouldBeOneLineUserError(CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--loss", "wgan-gp:-1", "--out", P("r3")), "--loss", "gradient-penalty weight");
    }

    [Fact]
    public void Impossible_sizes()
    {
        ShouldBeOneLineUserError(CliRunner.Run("train", "--data", "folder:" + _dir, "--image-size", "0", "--out", P("r1")), "--image-size");
        ShouldBeOneLineUserError(CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--width", "-1", "--out", P("r2")), "--width");
        ShouldBeOneLineUserError(CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--batch", "0", "--out", P("r3")), "batch size");
        ShouldBeOneLineUserError(CliRunner.Run("sample", "--run", P("r3"), "--out", P("s.png"), "--columns", "0"), "--columns");
    }

    [Fact]
    public void Output_paths_that_cannot_be_written()
    {
        File.WriteAllText(P("a-file"), "");
        Directory.CreateDirectory(P("a-folder"));
        Png("style.png", 40, 40);
        ShouldBeOneLineUserError(CliRunner.Run("train", "--data", "ring8", "--out", P("a-file")), "--out", "a-file", "is a file");
        ShouldBeOneLineUserError(CliRunner.Run("sample", "--run", P("any"), "--out", P("a-folder")), "--out", "a-folder", "is a folder");
        ShouldBeOneLineUserError(CliRunner.Run("sample", "--run", P("any"), "--out", P("missing/s.png")), "--out", "missing", "does not exist");
        ShouldBeOneLineUserError(CliRunner.Run("stylize", "--content", P("style.png"), "--style", P("style.png"), "--out", P("a-folder")), "--out", "is a folder");
    }

    [Fact]
    public void Missing_or_corrupt_runs_and_checkpoints()
    {
        File.WriteAllText(P("garbage.gkc"), "not a checkpoint");
        ShouldBeOneLineUserError(CliRunner.Run("sample", "--run", P("garbage.gkc"), "--out", P("s.png")), "garbage.gkc", "not a GanKit checkpoint");

        // A run folder whose training never wrote a checkpoint.
        var run = Directory.CreateDirectory(P("run")).FullName;
        File.WriteAllText(Path.Combine(run, "run.json"), """{ "data": "ring8", "model": "mlp", "trainer": { "BatchSize": 64, "Seed": 0 } }""");
        ShouldBeOneLineUserError(CliRunner.Run("sample", "--run", run, "--out", P("s.png")), "'" + run + "'", "no 'checkpoints' folder");
        ShouldBeOneLineUserError(CliRunner.Run("evaluate", "--run", run), "no 'checkpoints' folder");

        Directory.CreateDirectory(Path.Combine(run, "checkpoints"));
        File.Copy(P("garbage.gkc"), Path.Combine(run, "checkpoints", "step-00000010.gkc"));
        ShouldBeOneLineUserError(CliRunner.Run("train", "--data", "ring8", "--resume", "--out", run, "--steps", "20"), "step-00000010.gkc", "not a GanKit checkpoint");

        ShouldBeOneLineUserError(CliRunner.Run("evaluate", "--run", P("nowhere")), "nowhere", "run.json is missing");
        var broken = Directory.CreateDirectory(P("broken")).FullName;
        File.WriteAllText(Path.Combine(broken, "run.json"), "{ not json");
        ShouldBeOneLineUserError(CliRunner.Run("evaluate", "--run", broken), "run.json", "is not valid");
    }

    [Fact]
    public void Missing_data()
    {
        ShouldBeOneLineUserError(CliRunner.Run("train", "--data", "idx:" + P("nope.gz"), "--out", P("r1")), "nope.gz");
        ShouldBeOneLineUserError(CliRunner.Run("train", "--data", "folder:" + P("nodir"), "--image-size", "16", "--out", P("r2")), "nodir");
    }
}
