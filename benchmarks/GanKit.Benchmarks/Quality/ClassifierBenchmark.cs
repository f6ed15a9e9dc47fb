using System.Globalization;
using System.Text;
using GanKit.Data;
using GanKit.Metrics;
using GanKit.Runtime;
using Microsoft.Extensions.Logging;

namespace GanKit.Benchmarks.Quality;

/// <summary>
/// The metric classifier of the Fashion-MNIST and Stacked Fashion-MNIST benchmarks: trains the default recipe (seed 0, or
/// loads it from the cache), and reports its test accuracy, its accuracy on stacked test data (every channel right) and the
/// process CPU time of training. Options: <c>--threads 1</c>, <c>--cache DIR</c>, <c>--data DIR</c>, <c>--epochs N</c>,
/// <c>--out FILE</c>.
/// </summary>
internal static class ClassifierBenchmark
{
    public static int Run(string[] args)
    {
        var options = QualityArgs.Parse(args);
        TorchRuntime.Threads = options.Int("threads", 1);
        var output = options.String("out", "artifacts/quality/classifier.md");
        var recipe = DefaultRecipe;
        if (options.OptionalString("epochs") is not null) recipe = recipe with { Epochs = options.Int("epochs", recipe.Epochs) };
        using var loggerFactory = new ConsoleLoggerFactory();
        using var train = IdxFiles.LoadFashionMnist(options.OptionalString("data"), train: true);
        using var test = IdxFiles.LoadFashionMnist(options.OptionalString("data"), train: false);
        var report = new StringBuilder().AppendLine(BenchmarkMachine.Describe()).AppendLine();
        var clock = new CpuClock();
        using var classifier = MetricClassifier.LoadOrTrain(train, recipe, options.OptionalString("cache"), loggerFactory.CreateLogger<MetricClassifier>(),
            new Progress<ClassifierTrainingProgress>(p => Console.WriteLine($"{DateTime.Now:HH:mm:ss} step {p.Step}/{p.TotalSteps} loss {p.Loss:F3}")));
        var cpu = clock.Cpu;
        report.AppendLine(Describe(classifier, train, test, cpu));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, report.ToString());
        Console.WriteLine(report);
        return 0;
    }

    /// <summary>The classifier every quality benchmark uses.</summary>
    public static MetricClassifierRecipe DefaultRecipe { get; } = new() { Seed = 0 };

    /// <summary>One markdown paragraph: recipe, hash, test accuracy, stacked accuracy and training cost.</summary>
    public static string Describe(MetricClassifier classifier, IGanDataset train, IGanDataset test, TimeSpan trainingCpu)
    {
        var c = CultureInfo.InvariantCulture;
        double accuracy = classifier.Accuracy(test);
        var stackedTest = new StackedDataset(test, 26_000, seed: 7);
        double stacked = StackedAccuracy(classifier, stackedTest);
        var how = classifier.LoadedFromCache
            ? "loaded from the cache"
            : string.Create(c, $"trained in {trainingCpu.TotalMinutes:F1} CPU min ({classifier.TrainingTime.TotalMinutes:F1} min wall) on {TorchRuntime.Threads} torch thread(s), load {BenchmarkMachine.Load()}");
        return string.Create(c,
            $"Classifier `{classifier.RecipeHash}` ({classifier.Recipe}): Fashion-MNIST test accuracy **{accuracy * 100:F2}%**; " +
            $"on 26,000 stacked test triples all three channels right **{stacked * 100:F2}%** (≈ accuracy³ = {Math.Pow(accuracy, 3) * 100:F2}%); {how}; " +
            $"{train.Count:N0} training images.");
    }

    /// <summary>The fraction of stacked samples whose every channel is classified right.</summary>
    public static double StackedAccuracy(MetricClassifier classifier, StackedDataset data)
    {
        long right = 0;
        for (long start = 0; start < data.Count; start += 1000)
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            var indices = Enumerable.Range(0, (int)Math.Min(1000, data.Count - start)).Select(i => start + i).ToArray();
            using var batch = data.GetBatch(indices);
            right += StackedModes.Predict(classifier, batch.Samples).eq(batch.Labels!).sum().item<long>();
        }

        return (double)right / data.Count;
    }
}
