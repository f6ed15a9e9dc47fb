using System.Globalization;
using System.Text;
using GanKit.Data;
using GanKit.Imaging;
using GanKit.Metrics;
using GanKit.Runtime;
using GanKit.Training;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Quality;

/// <summary>
/// Fashion-MNIST trained towards convergence: unconditional and conditional runs of each recipe, evaluated at several step
/// counts (the FID curve over CPU minutes) in the metric classifier's feature space — FID, KID, precision, recall with
/// <c>--samples</c> generated images against as many test images — next to the real-data floor at the same sample count
/// (training images against the test images), plus class coverage and class KL. A run stops at its last length or when its
/// training CPU time reaches <c>--cpu-minutes</c> (then it is evaluated where it stopped). Each evaluation is appended to
/// <c>--results</c>; the table is rendered from every result in that file. The final model's 10×10 sample grid (a class per
/// row when conditional) is written to <c>--grids DIR</c>. Options: <c>--recipes dcgan,modern</c>, <c>--conditional no,yes</c>,
/// <c>--lengths 2000,5000,20000</c>, <c>--cpu-minutes 20</c>, <c>--samples 10000</c>, <c>--seed 1</c>, <c>--width 32</c>,
/// <c>--threads 1</c>, <c>--results artifacts/quality/convergence.jsonl</c>, <c>--out artifacts/quality/convergence.md</c>,
/// <c>--grids artifacts/quality</c>, <c>--render</c>, <c>--cache DIR</c>, <c>--data DIR</c>, <c>--wait-classifier-minutes N</c>.
/// </summary>
internal static class ConvergenceBenchmark
{
    private const int Chunk = 250;

    public static int Run(string[] args)
    {
        var options = QualityArgs.Parse(args);
        TorchRuntime.Threads = options.Int("threads", 1);
        var results = options.String("results", "artifacts/quality/convergence.jsonl");
        var output = options.String("out", "artifacts/quality/convergence.md");
        if (!options.Flag("render"))
        {
            ImageRecipe.BaseChannels = options.Int("width", ImageRecipe.BaseChannels);
            var names = options.List("recipes", ImageRecipe.All.Select(r => r.Name).Where(n => n != "pacgan").ToArray());
            var conditional = options.List("conditional", ["no", "yes"]).Select(v => v == "yes").ToArray();
            var lengths = options.Longs("lengths", [2000, 5000, 20000]).OrderBy(l => l).ToArray();
            double budget = options.Double("cpu-minutes", 20);
            int samples = options.Int("samples", 10_000);
            long seed = options.Int("seed", 1);
            var grids = options.String("grids", "artifacts/quality");
            using var loggerFactory = new ConsoleLoggerFactory();
            using var train = IdxFiles.LoadFashionMnist(options.OptionalString("data"), train: true);
            using var test = IdxFiles.LoadFashionMnist(options.OptionalString("data"), train: false);
            // Train every run first (keeping a copy of the sampling generator at each length), evaluate after: the classifier
            // may still be training in another process.
            var snapshots = new List<Snapshot>();
            foreach (var recipe in ImageRecipe.All.Where(r => names.Contains(r.Name)))
            foreach (var isConditional in conditional)
                snapshots.AddRange(TrainOne(recipe, isConditional, seed, lengths, budget, train, grids, loggerFactory));

            using var classifier = BenchmarkClassifier.Load(train, options, loggerFactory);
            using var space = classifier.AsFeatureSpace();
            var evaluation = new EvaluationOptions { SampleCount = samples, ReferenceCount = samples, Seed = 0, RealFloor = false };
            using var evaluator = GanEvaluator.ForImages(test, [space], classifier, evaluation);
            if (!RunLog.Read<Point>(results).Any(p => p.Recipe == "real data (train vs test)" && p.Samples == samples))
            {
                var floor = evaluator.EvaluateData(train, samples);
                RunLog.Append(results, Point.From("real data (train vs test)", "", false, seed, 0, 0, 0, samples, floor));
            }

            foreach (var s in snapshots)
            {
                using (s.Generator)
                {
                    var report = evaluator.Evaluate(s.Generator);
                    var point = Point.From(s.Recipe.Name, s.Recipe.Description, s.Conditional, seed, s.Steps, s.Cpu.TotalMinutes, budget, samples, report);
                    RunLog.Append(results, point);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{DateTime.Now:HH:mm:ss} {point.Model} @ {point.Steps}: FID {point.Fid:F2}, classes {point.ClassCoverage:F2}, KL {point.ClassKl:F3}, {point.TrainCpuMinutes:F1} CPU min"));
                }
            }
        }

        var table = Table(results);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, table);
        Console.WriteLine(table);
        return 0;
    }

    private static List<Snapshot> TrainOne(ImageRecipe recipe, bool conditional, long seed, long[] lengths, double budgetMinutes, InMemoryDataset train,
        string grids, ConsoleLoggerFactory loggerFactory)
    {
        var shape = new ImageRecipe.Shape(1, 28, 28, conditional ? 10 : null);
        var (g, d) = recipe.Models(shape, seed);
        var snapshots = new List<Snapshot>();
        using (g)
        using (d)
        {
            using var trainer = recipe.Configure(GanTrainer.CreateBuilder(g, d), lengths[^1]).WithSeed(seed).WithProgressInterval(Chunk)
                .WithLogging(loggerFactory).Build();
            var clock = new CpuClock();
            foreach (var length in lengths)
            {
                while (trainer.Step < length && clock.Cpu.TotalMinutes < budgetMinutes)
                    trainer.Train(train, Math.Min(length, trainer.Step + Chunk));
                // A budget that ends before this length leaves the model where the previous length's copy already is.
                if (snapshots.Count > 0 && snapshots[^1].Steps == trainer.Step) break;
                snapshots.Add(new Snapshot(recipe, conditional, trainer.Step, clock.Cpu, trainer.SamplingGenerator.CreateCopy()));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{DateTime.Now:HH:mm:ss} {recipe.Name}{(conditional ? " (conditional)" : "")}: {trainer.Step} steps, {clock.Cpu.TotalMinutes:F1} CPU min"));
                if (trainer.Step < length) break; // the CPU budget ran out
            }

            Directory.CreateDirectory(grids);
            using var scope = NewDisposeScope();
            var labels = conditional ? arange(100, ScalarType.Int64).div(10, rounding_mode: RoundingMode.floor) : null;
            var images = trainer.Sample(100, labels, seed: 0);
            ImageGrid.Compose(images, new ImageGridOptions { Columns = 10, Range = PixelRange.MinusOneToOne })
                .SavePng(Path.Combine(grids, $"fmnist-{recipe.Name}{(conditional ? "-conditional" : "")}.png"), PixelRange.MinusOneToOne);
        }

        return snapshots;
    }

    private static string Table(string results)
    {
        var c = CultureInfo.InvariantCulture;
        // Results files written before snapshots were deduplicated may hold the same evaluation twice.
        var points = RunLog.Read<Point>(results).DistinctBy(p => (p.Model, p.Seed, p.Steps, p.Samples)).ToList();
        var sb = new StringBuilder();
        sb.AppendLine(BenchmarkMachine.Describe()).AppendLine();
        var floors = points.Where(p => p.Steps == 0).GroupBy(p => p.Samples).ToDictionary(g => g.Key, g => g.Last().Fid);
        sb.AppendLine("| model | seed | steps | train CPU min | FID | FID / floor | KID | precision | recall | class coverage | class KL |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var p in points.OrderBy(p => p.Steps == 0 ? 0 : 1).ThenBy(p => p.Model).ThenBy(p => p.Seed).ThenBy(p => p.Steps))
        {
            string ratio = p.Steps == 0 ? "1" : floors.TryGetValue(p.Samples, out var f) ? (p.Fid / f).ToString("F1", c) : "—";
            sb.AppendLine(string.Create(c,
                $"| {p.Model} | {(p.Steps == 0 ? "—" : p.Seed.ToString(c))} | {(p.Steps == 0 ? "—" : p.Steps.ToString("N0", c))} | {(p.Steps == 0 ? "—" : p.TrainCpuMinutes.ToString("F1", c))} | " +
                $"{p.Fid:F2} | {ratio} | {p.Kid:G3} | {p.Precision:F3} | {p.Recall:F3} | {p.ClassCoverage * 10:F0}/10 | {p.ClassKl:F3} |"));
        }

        sb.AppendLine();
        foreach (var description in points.Where(p => p.Description.Length > 0).Select(p => $"- `{p.Recipe}`: {p.Description}").Distinct()) sb.AppendLine(description);
        sb.AppendLine();
        var first = points.FirstOrDefault(p => p.Steps > 0);
        if (first is not null)
            sb.AppendLine(string.Create(c,
                $"Feature space: the metric classifier's 128-d penultimate layer; {first.Samples:N0} generated images against {first.Samples:N0} test images " +
                $"(the floor: {first.Samples:N0} training images against the same test images); KID over 100 subsets of 1,000; k = 3; a class is covered " +
                $"from 1% of the samples on. Runs: CPU budget {first.BudgetCpuMinutes:0.##} min each, torch threads {first.Threads}, width {first.Width}."));
        sb.AppendLine();
        sb.AppendLine("| model | steps | load at evaluation | commit | date (UTC) |");
        sb.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var p in points.Where(p => p.Steps > 0)) sb.AppendLine(string.Create(c, $"| {p.Model} | {p.Steps:N0} | {p.Load} | {p.Commit} | {p.Date} |"));
        return sb.ToString();
    }

    private sealed record Snapshot(ImageRecipe Recipe, bool Conditional, long Steps, TimeSpan Cpu, Models.Generator Generator);

    /// <summary>One evaluation, as appended to the results file.</summary>
    internal sealed record Point(string Recipe, string Description, bool Conditional, long Seed, long Steps, double TrainCpuMinutes, double BudgetCpuMinutes,
        int Samples, double Fid, double Kid, double Precision, double Recall, double ClassCoverage, double ClassKl, int Width, int Threads,
        string Load, string Commit, string Date)
    {
        public string Model => Steps == 0 ? Recipe : Conditional ? $"{Recipe} (conditional)" : Recipe;

        public static Point From(string recipe, string description, bool conditional, long seed, long steps, double cpu, double budget, int samples, EvaluationReport r)
        {
            var s = r.FeatureSpaces[0];
            return new Point(recipe, description, conditional, seed, steps, cpu, budget, samples, s.Fid, s.Kid, s.Precision, s.Recall,
                r.ClassCoverage ?? double.NaN, r.ClassKl ?? double.NaN, ImageRecipe.BaseChannels, TorchRuntime.Threads, BenchmarkMachine.Load(),
                BenchmarkMachine.Commit(), DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }
    }
}
