using System.CommandLine;
using GanKit.Checkpoints;
using GanKit.Cli.Hosting;
using GanKit.Cli.Runs;
using GanKit.Data;
using GanKit.Onnx;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>`gankit export`: a run's generator as an ONNX model that runs without libtorch (e.g. with ONNX Runtime).</summary>
internal static class ExportCommand
{
    private static readonly Option<string> Run = new("--run") { Description = "The run folder (or a checkpoint file).", Required = true };
    private static readonly Option<string> Out = new("--out") { Description = "The .onnx file to write.", Required = true };
    private static readonly Option<bool> Raw = new("--raw") { Description = "Export the raw generator weights instead of the EMA weights." };
    private static readonly Option<string?> ClassNames = new("--class-names")
    {
        Description = "Comma-separated class names for a conditional run's metadata (Fashion-MNIST runs get theirs by default).",
    };
    private static readonly Option<bool> Json = JsonResult.CreateOption();

    public static Command Create()
    {
        var command = new Command("export", "Export a run's (EMA) generator to ONNX, with dynamic batch size and its metadata.") { Run, Out, Raw, ClassNames, Json };
        command.SetAction(parse =>
        {
            var run = parse.GetValue(Run)!;
            var outPath = parse.GetValue(Out)!;
            OptionParsing.OutputFile(outPath, "--out");
            var checkpoint = RunFolder.CheckpointPath(run);
            if (Directory.Exists(checkpoint))
                checkpoint = Checkpoint.FindLatest(checkpoint) ?? throw new UserErrorException($"--run '{run}' holds no checkpoint yet; train it first.");
            var info = Checkpoint.ReadInfo(checkpoint);
            if (!info.HasBuiltInGenerator)
                throw new UserErrorException($"--run '{run}' holds a generator module of your own, which gankit cannot rebuild; " +
                                             "export it from code with OnnxExport.ExportGenerator(generator, path).");
            bool raw = parse.GetValue(Raw);
            using var generator = Checkpoint.LoadGenerator(checkpoint, preferEma: !raw);
            var names = ResolveClassNames(parse.GetValue(ClassNames), run, generator.ClassCount);
            try
            {
                OnnxExport.ExportGenerator(generator, outPath, new OnnxExportOptions { ClassNames = names });
            }
            catch (OnnxExportException ex)
            {
                throw new UserErrorException(ex.Message);
            }

            var weights = raw || !info.HasEma ? "raw" : "ema";
            if (parse.GetValue(Json))
                JsonResult.Print(new
                {
                    output = Path.GetFullPath(outPath), bytes = new FileInfo(outPath).Length, checkpoint = Path.GetFullPath(checkpoint), step = info.Step,
                    weights, latentSize = generator.LatentSize, sampleShape = generator.OutputShape, classCount = generator.ClassCount,
                });
            else
                AnsiConsole.MarkupLine($"Wrote the {weights} generator of step {info.Step} to [blue]{Markup.Escape(outPath)}[/] " +
                                       Markup.Escape($"(inputs: latent [N,{generator.LatentSize}]{(generator.ClassCount is null ? "" : ", labels [N]")}; " +
                                                     $"output [N,{string.Join(",", generator.OutputShape)}])"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static IReadOnlyList<string>? ResolveClassNames(string? option, string run, int? classCount)
    {
        if (option is not null)
        {
            if (classCount is not { } k) throw new UserErrorException("--class-names needs a conditional run; this generator is unconditional.");
            var names = option.Split(',', StringSplitOptions.TrimEntries);
            if (names.Length != k) throw new UserErrorException($"--class-names lists {names.Length} names but the generator has {k} classes.");
            return names;
        }

        // A run trained on Fashion-MNIST knows its class names; other data sets' names are not recorded in the run.
        if (classCount is not { } count || !Directory.Exists(run) || !File.Exists(Path.Combine(run, RunSettings.FileName))) return null;
        var data = RunSettings.Load(run).Data;
        return data.StartsWith("fashion-mnist", StringComparison.OrdinalIgnoreCase) && IdxFiles.FashionMnistClasses.Count == count
            ? IdxFiles.FashionMnistClasses
            : null;
    }
}
