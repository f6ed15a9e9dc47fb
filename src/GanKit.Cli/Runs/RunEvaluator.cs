using GanKit.Cli.Cli;
using GanKit.Metrics;
using GanKit.Runtime;
using Generator = GanKit.Models.Generator;

namespace GanKit.Cli.Runs;

/// <summary>The metrics `gankit evaluate` and the demo report, keyed by their camelCase names.</summary>
internal static class RunEvaluator
{
    public static Task<SortedDictionary<string, object?>> EvaluateAsync(Generator generator, DataSource source, RunSettings settings,
        int count, long seed, CancellationToken cancellationToken)
    {
        if (source.Mixture is { } mixture)
        {
            if (generator.OutputShape.Count != 1 || generator.OutputShape[0] != 2)
                throw new UserErrorException($"--data {source.Spec} is a 2D mixture but the run generates [{string.Join(",", generator.OutputShape)}] samples.");
            using var random = Seeding.CreateGenerator(seed, "evaluate");
            using var samples = generator.Generate(count, random: random);
            var c = MixtureCoverage.Evaluate(samples, mixture);
            return Task.FromResult(new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["modes"] = c.ModesCaptured,
                ["modesTotal"] = c.ModesTotal,
                ["highQualityFraction"] = c.HighQualityFraction,
                ["reverseKl"] = c.ReverseKl,
                ["samples"] = c.SampleCount,
            });
        }

        return ImageMetricsAsync(generator, source, settings, count, seed, cancellationToken);
    }

    private static Task<SortedDictionary<string, object?>> ImageMetricsAsync(Generator generator, DataSource source, RunSettings settings,
        int count, long seed, CancellationToken cancellationToken) =>
        throw new UserErrorException("image metrics land with the evaluation API");
}
