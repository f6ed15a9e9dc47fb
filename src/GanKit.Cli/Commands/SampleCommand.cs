using System.CommandLine;
using GanKit.Checkpoints;
using GanKit.Cli.Hosting;
using GanKit.Cli.Runs;
using GanKit.Imaging;
using GanKit.Runtime;
using Spectre.Console;
using static TorchSharp.torch;

namespace GanKit.Cli.Commands;

internal static class SampleCommand
{
    private static readonly Option<string> Run = new("--run") { Description = "The run folder (or a checkpoint file).", Required = true };
    private static readonly Option<int> Count = new("--count") { Description = "How many samples.", DefaultValueFactory = _ => 64 };
    private static readonly Option<string> Out = new("--out") { Description = "The PNG to write.", Required = true };
    private static readonly Option<long> Seed = new("--seed") { Description = "Seed of the latent vectors.", DefaultValueFactory = _ => 0 };
    private static readonly Option<int?> Class = new("--class") { Description = "Generate only this class (conditional runs)." };
    private static readonly Option<int?> Columns = new("--columns") { Description = "Grid columns (default ⌈√count⌉)." };
    private static readonly Option<bool> Json = JsonResult.CreateOption();

    public static Command Create()
    {
        var command = new Command("sample", "Write a grid of samples from a run's (EMA) generator.") { Run, Count, Out, Seed, Class, Columns, Json };
        command.SetAction(parse =>
        {
            var run = parse.GetValue(Run)!;
            int count = parse.GetValue(Count);
            OptionParsing.AtLeast(count, 1, "--count");
            if (parse.GetValue(Columns) is { } columns) OptionParsing.AtLeast(columns, 1, "--columns");
            var outPath = parse.GetValue(Out)!;
            OptionParsing.OutputFile(outPath, "--out");
            var checkpoint = RunFolder.CheckpointPath(run);
            if (Directory.Exists(checkpoint))
                checkpoint = Checkpoint.FindLatest(checkpoint) ?? throw new UserErrorException($"--run '{run}' holds no checkpoint yet; train it first.");
            // Read before anything is written, so a checkpoint pruned by a running `train` fails the command cleanly.
            long? step = parse.GetValue(Json) ? Checkpoint.ReadInfo(checkpoint).Step : null;
            using var generator = RunFolder.LoadGenerator(run, checkpoint);

            Tensor? labels = null;
            if (parse.GetValue(Class) is { } c)
            {
                if (generator.ClassCount is not { } k) throw new UserErrorException("--class needs a conditional run; this generator is unconditional.");
                if (c < 0 || c >= k) throw new UserErrorException($"--class must be in [0, {k - 1}] (was {c}).");
                labels = full(new long[] { count }, c, ScalarType.Int64);
            }

            using var random = Seeding.CreateGenerator(parse.GetValue(Seed), "sample");
            using var samples = generator.Generate(count, labels, random);
            labels?.Dispose();
            if (generator.OutputShape.Count == 1)
            {
                Plots.Scatter(samples.data<float>().ToArray(), outPath);
            }
            else
            {
                ImageWriter.SaveGrid(samples, outPath, new ImageGridOptions { Columns = parse.GetValue(Columns), Range = PixelRange.MinusOneToOne });
            }

            if (parse.GetValue(Json))
                JsonResult.Print(new
                {
                    output = Path.GetFullPath(outPath), count, kind = generator.OutputShape.Count == 1 ? "points" : "images",
                    checkpoint = Path.GetFullPath(checkpoint), step, seed = parse.GetValue(Seed),
                    @class = parse.GetValue(Class),
                });
            else
                AnsiConsole.MarkupLine($"Wrote {count} samples to [blue]{Markup.Escape(outPath)}[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
