using System.CommandLine;
using System.Text.Json;
using GanKit.Checkpoints;
using GanKit.Cli.Hosting;
using GanKit.Cli.Runs;
using Spectre.Console;

namespace GanKit.Cli.Commands;

internal static class EvaluateCommand
{
    private static readonly Option<string> Run = new("--run") { Description = "The run folder.", Required = true };
    private static readonly Option<string?> Data = new("--data") { Description = "The reference data (default: the run's training data)." };
    private static readonly Option<int> Samples = new("--samples") { Description = "Generated samples to evaluate.", DefaultValueFactory = _ => 5000 };
    private static readonly Option<long> Seed = new("--seed") { Description = "Seed of the generated samples.", DefaultValueFactory = _ => 0 };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object on stdout and nothing else." };
    private static readonly Option<string?> SaveFeatures = new("--save-features")
    {
        Description = "Also write each feature space's real, generated and real-floor feature matrices to this folder as float32 .npy " +
                      "(<space>-real.npy, <space>-generated.npy, <space>-real-floor.npy), to cross-check with pytorch-fid, torch-fidelity or prdc.",
    };

    public static Command Create()
    {
        var command = new Command("evaluate", "Compute the metrics that fit the run's data (mode coverage for 2D mixtures; FID, KID, precision, recall for images).")
        {
            Run, Data, Samples, Seed, Json, SaveFeatures,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var run = parse.GetValue(Run)!;
            var settings = RunSettings.Load(run);
            var source = DataSource.Parse(parse.GetValue(Data) ?? settings.Data);
            int count = parse.GetValue(Samples);
            OptionParsing.AtLeast(count, 2, "--samples");
            bool json = parse.GetValue(Json);
            using var generator = RunFolder.LoadGenerator(run);
            using var logging = ConsoleLogging.Create(parse.GetValue(CliApp.Verbose));
            var report = await RunEvaluator.EvaluateAsync(generator, source, settings, count, parse.GetValue(Seed), logging, !json, cancellationToken,
                featureDirectory: parse.GetValue(SaveFeatures));
            if (json) Console.Out.WriteLine(JsonSerializer.Serialize(report, RunEvaluator.Json));
            else RunEvaluator.PrintTable(report);
            return ExitCodes.Success;
        });
        return command;
    }
}
