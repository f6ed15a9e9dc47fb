using System.Globalization;
using System.Text.Json;
using GanKit.Cli.Hosting;
using GanKit.Features;
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
            LoggerFactory = logging, UseClassifier = useClassifier, ClassifierCacheDirectory = MetricClassifier.DefaultCacheDirectory, FeatureDirectory = featureDirectory,
            PretrainedNetwork = () => PretrainedFeatureNetworks.ResNet18(),
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
        // A number means little alone: FID and KID get the same metric between two real sets of the same size beside them.
        bool hasFloors = report.FidFloor is not null || report.KidFloor is not null;
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        if (hasFloors) table.AddColumn(new TableColumn("real-data floor").RightAligned());
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, Json));
        var root = json.RootElement;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null) continue;
            if (property.Name.EndsWith("Floor", StringComparison.Ordinal) && root.TryGetProperty(property.Name[..^"Floor".Length], out _)) continue;
            var value = Markup.Escape(Format(property.Value));
            if (property.Name == "kid" && root.TryGetProperty("kidStd", out var std) && std.ValueKind == JsonValueKind.Number)
                value += $" ± {Format(std)}";
            if (property.Name == "kidStd") continue;
            if (!hasFloors)
            {
                table.AddRow(property.Name, value);
                continue;
            }

            var floor = root.TryGetProperty(property.Name + "Floor", out var f) && f.ValueKind == JsonValueKind.Number ? Format(f) : "";
            table.AddRow(property.Name, value, floor);
        }

        AnsiConsole.Write(table);
    }

    /// <summary>Enough digits to compare runs, not the 17 of a round-trip double.</summary>
    public static string Format(JsonElement value) => value.ValueKind == JsonValueKind.Number && !value.TryGetInt64(out _)
        ? Format(value.GetDouble())
        : value.ToString();

    public static string Format(double value)
    {
        var magnitude = Math.Abs(value);
        var text = magnitude switch
        {
            0 => "0",
            >= 100 => value.ToString("F1", CultureInfo.InvariantCulture),
            >= 10 => value.ToString("F2", CultureInfo.InvariantCulture),
            >= 1 => value.ToString("F3", CultureInfo.InvariantCulture),
            >= 1e-3 => value.ToString("F4", CultureInfo.InvariantCulture),
            _ => value.ToString("0.##E+0", CultureInfo.InvariantCulture),
        };
        return text;
    }

    public static string Headline(EvaluationReport r) => r.Kind == "mixture"
        ? $"modes {r.Modes}/{r.ModesTotal}, high quality {r.HighQualityFraction:P1}"
        : $"FID {r.Fid:F2} ({r.FeatureSpace}{(r.FidFloor is { } floor ? $"; real-data floor {floor:F2}" : "")}), precision {r.Precision:F3}, recall {r.Recall:F3}" +
          (r.ClassCoverage is { } cc ? $", class coverage {cc:P0}, class KL {r.ClassKl:F3}" : "");
}
