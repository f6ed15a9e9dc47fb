using GanKit.Data;
using GanKit.Metrics;
using Microsoft.Extensions.Logging;

namespace GanKit.Benchmarks.Quality;

/// <summary>
/// Loads the benchmarks' metric classifier after training, so GAN runs can start while another process (the
/// <c>quality-classifier</c> verb) still trains it: with <c>--wait-classifier-minutes N</c> a run waits up to N minutes for the
/// cache file to appear before training its own copy.
/// </summary>
internal static class BenchmarkClassifier
{
    public static MetricClassifier Load(IGanDataset train, QualityArgs options, ILoggerFactory loggerFactory)
    {
        var cache = options.OptionalString("cache");
        var recipe = ClassifierBenchmark.DefaultRecipe;
        var path = Path.Combine(cache ?? MetricClassifier.DefaultCacheDirectory, $"classifier-{MetricClassifier.ComputeRecipeHash(train, recipe)}.bin");
        var deadline = DateTime.UtcNow.AddMinutes(options.Double("wait-classifier-minutes", 0));
        while (!File.Exists(path) && DateTime.UtcNow < deadline)
        {
            Console.WriteLine($"{DateTime.Now:HH:mm:ss} waiting for the classifier {path}");
            Thread.Sleep(TimeSpan.FromSeconds(30));
        }

        return MetricClassifier.LoadOrTrain(train, recipe, cache, loggerFactory.CreateLogger<MetricClassifier>());
    }
}
