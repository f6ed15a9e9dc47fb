using System.Globalization;
using System.Text;
using GanKit.Data;
using GanKit.Features;
using GanKit.Metrics;
using GanKit.Runtime;
using GanKit.Training;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Quality;

/// <summary>
/// Fashion-MNIST: trains each recipe once and evaluates it at several training lengths (10,000 generated images against the
/// 10,000 test images) in two feature spaces, ImageNet ResNet18 (64×64) and GanKit's Fashion-MNIST classifier, next to the
/// real-data floor (10,000 training images against the same test images).
/// </summary>
internal static class FashionMnistBenchmark
{
    public static int Run(string[] args)
    {
        var options = QualityArgs.Parse(args);
        var lengths = options.Longs("lengths", [1000, 2500, 5000]).OrderBy(l => l).ToArray();
        int samples = options.Int("samples", 10_000);
        long seed = options.Int("seed", 1);
        var names = options.List("recipes", FashionMnistRecipe.All.Select(r => r.Name).ToArray());
        var output = options.String("out", "artifacts/quality/fashion-mnist.md");
        int threads = options.Int("threads", 2);
        var cache = options.OptionalString("cache");
        var directory = options.OptionalString("data");
        TorchRuntime.EnsureLoaded();
        set_num_threads(threads);
        using var loggerFactory = new ConsoleLoggerFactory();
        var report = new StringBuilder();

        using var train = IdxFiles.LoadFashionMnist(directory, train: true);
        using var test = IdxFiles.LoadFashionMnist(directory, train: false);
        int timingSteps = options.Int("time-classifier-steps", 0);
        if (timingSteps > 0) report.AppendLine(TimeClassifierSteps(train, timingSteps, threads)).AppendLine();
        var clock = new CpuClock();
        using var classifier = MetricClassifier.LoadOrTrain(train, new MetricClassifierRecipe { Seed = 0 }, cache, loggerFactory.CreateLogger<MetricClassifier>());
        double accuracy = classifier.Accuracy(test);
        var how = classifier.LoadedFromCache
            ? "loaded from the cache"
            : string.Create(CultureInfo.InvariantCulture, $"trained in {classifier.TrainingTime.TotalMinutes:F2} min wall ({clock.Cpu.TotalMinutes:F2} CPU min) on {threads} threads");
        var classifierLine = string.Create(CultureInfo.InvariantCulture,
            $"Classifier {classifier.RecipeHash} ({classifier.Recipe}): test accuracy {accuracy * 100:F2}%, {how}");
        Say(classifierLine);
        report.AppendLine(classifierLine).AppendLine();

        using var resnet = FeatureSpaces.Pretrained(PretrainedFeatureNetworks.ResNet18(), FeatureSpaces.DefaultImageSize, ownsNetwork: true);
        using var classifierSpace = classifier.AsFeatureSpace();
        var evaluationOptions = new EvaluationOptions { SampleCount = samples, ReferenceCount = samples, Seed = 0 };
        using var evaluator = GanEvaluator.ForImages(test, [resnet, classifierSpace], classifier, evaluationOptions);

        var rows = new List<Row>();
        var floorClock = new CpuClock();
        var floor = evaluator.EvaluateData(train, samples);
        rows.Add(new Row("real data (train vs test)", 0, floor, TimeSpan.Zero, TimeSpan.Zero));
        Say(string.Create(CultureInfo.InvariantCulture, $"floor: {floor.Summarize()} (reference + floor embedding {floorClock.Wall.TotalMinutes:F2} min wall)"));

        foreach (var recipe in FashionMnistRecipe.All.Where(r => names.Contains(r.Name)))
        {
            var (g, d) = recipe.Models(seed);
            using (g)
            using (d)
            {
                using var trainer = recipe.Configure(GanTrainer.CreateBuilder(g, d)).WithBatchSize(64).WithSeed(seed).WithProgressInterval(50)
                    .WithLogging(loggerFactory).Build();
                var trainClock = new CpuClock();
                TimeSpan trainWall = TimeSpan.Zero, trainCpu = TimeSpan.Zero;
                foreach (var length in lengths)
                {
                    var segment = new CpuClock();
                    trainer.Train(train, length);
                    trainWall += segment.Wall;
                    trainCpu += segment.Cpu;
                    var result = evaluator.Evaluate(trainer.SamplingGenerator);
                    rows.Add(new Row(recipe.Name, length, result, trainWall, trainCpu));
                    Say(string.Create(CultureInfo.InvariantCulture,
                        $"{recipe.Name} @ {length}: {result.Summarize()} (train {trainWall.TotalMinutes:F1} min wall, {trainCpu.TotalMinutes:F1} CPU min; eval {result.Seconds:F0} s)"));
                    File.WriteAllText(output + ".partial", Table(report.ToString(), rows, samples, threads));
                }
            }
        }

        var table = Table(report.ToString(), rows, samples, threads);
        Console.WriteLine(table);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, table);
        Console.WriteLine($"written to {output}");
        return 0;
    }

    private static string Table(string header, IReadOnlyList<Row> rows, int samples, int threads)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(header);
        sb.AppendLine("| model | steps | FID resnet18 | KID resnet18 | FID classifier | KID classifier | precision / recall (resnet18) | precision / recall (classifier) | class coverage | class KL | train wall / CPU min |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in rows)
        {
            var s = r.Report.FeatureSpaces;
            string Pair(int i) => string.Create(c, $"{s[i].Precision:F3} / {s[i].Recall:F3}");
            string Kid(int i) => string.Create(c, $"{s[i].Kid:G3} ± {s[i].KidStd:G2}");
            sb.AppendLine(string.Create(c,
                $"| {r.Model} | {(r.Steps == 0 ? "—" : r.Steps.ToString("N0", c))} | {s[0].Fid:F2} | {Kid(0)} | {s[1].Fid:F2} | {Kid(1)} | {Pair(0)} | {Pair(1)} | " +
                $"{r.Report.ClassCoverage:F2} | {r.Report.ClassKl:F3} | {(r.Steps == 0 ? "—" : $"{r.Wall.TotalMinutes:F1} / {r.Cpu.TotalMinutes:F1}")} |"));
        }

        sb.AppendLine();
        sb.AppendLine(string.Create(c, $"{samples:N0} samples against {samples:N0} test images; KID over 100 subsets of min(1,000, samples) (mean ± std); k = 3; torch threads {threads}."));
        return sb.ToString();
    }

    /// <summary>Times a few steps of the classifier recipe without the cache and extrapolates to the full recipe.</summary>
    private static string TimeClassifierSteps(InMemoryDataset train, int steps, int threads)
    {
        var recipe = new MetricClassifierRecipe { Seed = 0 };
        int fullSteps = recipe.Epochs * (int)((train.Count + recipe.BatchSize - 1) / recipe.BatchSize);
        var clock = new CpuClock();
        using (MetricClassifier.Train(train, recipe with { MaxSteps = steps })) { }
        var line = string.Create(CultureInfo.InvariantCulture,
            $"Classifier training cost: {steps} steps took {clock.Wall.TotalSeconds:F0} s wall, {clock.Cpu.TotalSeconds:F0} s CPU on {threads} threads; " +
            $"the full recipe ({fullSteps:N0} steps) extrapolates to {clock.Wall.TotalMinutes * fullSteps / steps:F1} min wall, {clock.Cpu.TotalMinutes * fullSteps / steps:F1} CPU min.");
        Say(line);
        return line;
    }

    private static void Say(string line) => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");

    private sealed record Row(string Model, long Steps, EvaluationReport Report, TimeSpan Wall, TimeSpan Cpu);
}
