using System.Text.Json;
using GanKit.Cli.Cli;
using GanKit.Metrics;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Generator = GanKit.Models.Generator;

namespace GanKit.Cli.Runs;

/// <summary>The metrics of `gankit evaluate` and of the demo, through the library's <see cref="GanEvaluator"/>.</summary>
internal static class RunEvaluator
{
    // Every key is always written (null where a metric does not fit the data), so scripts see one stable schema.
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<EvaluationReport> EvaluateAsync(Generator generator, DataSource source, RunSettings settings,
        int count, long seed, ILoggerFactory logging, bool showProgress, CancellationToken cancellationToken, bool useClassifier = true,
        string? featureDirectory = null)
    {
        if (featureDirectory is not null && source.Mixture is not null)
            throw new UserErrorException($"--save-features writes the feature matrices of image metrics; --data {source.Spec} is a 2D mixture, " +
                                         "evaluated by mode coverage without features.");
        using var data = source.Load(settings.Seed, settings.ImageSize);
        if (!data.SampleShape.SequenceEqual(generator.OutputShape))
            throw new UserErrorException($"--data {source.Spec} holds [{string.Join(",", data.SampleShape)}] samples but the run generates [{string.Join(",", generator.OutputShape)}].");
        // As many real as generated samples: FID and KID are biased by sample size, so both sides get the same count.
        var options = new EvaluationOptions
        {
            Mixture = source.Mixture, SampleCount = count, ReferenceCount = (int)Math.Min(count, data.Count), Seed = seed,
            LoggerFactory = logging, UseClassifier = useClassifier, FeatureDirectory = featureDirectory,
        };

        return await Task.Run(() =>
        {
            if (!showProgress)
            {
                using var quiet = GanEvaluator.ForDataset(data, options, cancellationToken);
                return quiet.Evaluate(generator, cancellationToken: cancellationToken);
            }

            EvaluationReport? report = null;
            AnsiConsole.Status().Start("preparing the reference features", ctx =>
            {
                using var evaluator = GanEvaluator.ForDataset(data, options, cancellationToken);
                var progress = new Progress<EvaluationProgress>(p => ctx.Status($"{p.Stage}: {p.Done}/{p.Total}"));
                report = evaluator.Evaluate(generator, progress, cancellationToken);
            });
            return report!;
        }, cancellationToken);
    }

    public static void PrintTable(EvaluationReport report)
    {
        var table = new Table().AddColumn("metric").AddColumn("value");
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, Json));
        foreach (var property in json.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null) continue;
            table.AddRow(property.Name, Markup.Escape(property.Value.ToString()));
        }

        AnsiConsole.Write(table);
    }

    public static string Headline(EvaluationReport r) => r.Kind == "mixture"
        ? $"modes {r.Modes}/{r.ModesTotal}, high quality {r.HighQualityFraction:P1}"
        : $"FID {r.Fid:F2} ({r.FeatureSpace}), precision {r.Precision:F3}, recall {r.Recall:F3}" +
          (r.ClassCoverage is { } cc ? $", class coverage {cc:P0}, class KL {r.ClassKl:F3}" : "");
}
