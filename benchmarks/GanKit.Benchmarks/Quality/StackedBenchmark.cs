using System.Globalization;
using System.Text;
using GanKit.Data;
using GanKit.Metrics;
using GanKit.Runtime;
using GanKit.Training;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Quality;

/// <summary>
/// Stacked Fashion-MNIST (the Stacked-MNIST protocol of PacGAN Table 2 / R3GAN on Fashion-MNIST): three independently drawn
/// Fashion-MNIST training images as R, G, B; 1,000 modes read by the metric classifier channel by channel; 26,000 generated
/// samples per run; modes covered (at least one sample) and KL(mode histogram ‖ uniform). Each run trains until its step
/// limit or its CPU budget (whichever comes first) and appends its result to <c>--results</c>; the table is rendered from
/// every result in that file. Options: <c>--recipes dcgan,pacgan,modern</c>, <c>--seeds 1,2</c>, <c>--steps 20000</c>,
/// <c>--cpu-minutes 15</c>, <c>--samples 26000</c>, <c>--width 32</c>, <c>--threads 1</c>, <c>--stacks 100000</c>,
/// <c>--results artifacts/quality/stacked.jsonl</c>, <c>--out artifacts/quality/stacked.md</c>, <c>--render</c> (only render),
/// <c>--cache DIR</c>, <c>--data DIR</c>, <c>--wait-classifier-minutes N</c>.
/// </summary>
internal static class StackedBenchmark
{
    private const int Chunk = 250;

    public static int Run(string[] args)
    {
        var options = QualityArgs.Parse(args);
        TorchRuntime.Threads = options.Int("threads", 1);
        var results = options.String("results", "artifacts/quality/stacked.jsonl");
        var output = options.String("out", "artifacts/quality/stacked.md");
        if (!options.Flag("render"))
        {
            ImageRecipe.BaseChannels = options.Int("width", ImageRecipe.BaseChannels);
            var names = options.List("recipes", ImageRecipe.All.Select(r => r.Name).ToArray());
            var seeds = options.Longs("seeds", [1, 2]);
            long maxSteps = options.Int("steps", 20_000);
            double budget = options.Double("cpu-minutes", 15);
            int samples = options.Int("samples", 26_000);
            using var loggerFactory = new ConsoleLoggerFactory();
            using var train = IdxFiles.LoadFashionMnist(options.OptionalString("data"), train: true);
            using var test = IdxFiles.LoadFashionMnist(options.OptionalString("data"), train: false);
            var stacks = new StackedDataset(train, options.Int("stacks", 100_000), seed: 11);
            var shape = new ImageRecipe.Shape(3, 28, 28, null);
            // Train every run first, evaluate after: the classifier may still be training in another process.
            var trained = new List<(ImageRecipe Recipe, long Seed, Models.Generator Generator, long Steps, TimeSpan Cpu)>();
            foreach (var recipe in ImageRecipe.All.Where(r => names.Contains(r.Name)))
            foreach (var seed in seeds)
            {
                var (generator, steps, cpu) = TrainOne(recipe, shape, seed, stacks, maxSteps, budget, loggerFactory);
                trained.Add((recipe, seed, generator, steps, cpu));
                Say($"{recipe.Name} seed {seed}: trained {steps} steps in {cpu.TotalMinutes:F1} CPU min");
            }

            using var classifier = BenchmarkClassifier.Load(train, options, loggerFactory);
            // The classifier's accuracies (36,000 test images through it) are measured once per results file, like the floor.
            if (!File.Exists(ClassifierLinePath(results)))
                File.WriteAllText(ClassifierLinePath(results), ClassifierBenchmark.Describe(classifier, train, test, TimeSpan.Zero));
            if (!File.Exists(FloorPath(results)))
            {
                var stackedTest = new StackedDataset(test, samples, seed: 7);
                int next = 0;
                var floor = Measure(classifier, count =>
                {
                    var indices = Enumerable.Range(next, count).Select(i => (long)i).ToArray();
                    next += count;
                    return stackedTest.GetBatch(indices).Samples;
                }, samples);
                File.WriteAllText(FloorPath(results), string.Create(CultureInfo.InvariantCulture, $"{floor.Covered}\t{floor.Kl:R}"));
            }

            foreach (var (recipe, seed, generator, steps, cpu) in trained)
            {
                using (generator)
                {
                    var evalClock = new CpuClock();
                    using var random = Seeding.CreateGenerator(seed, "stacked-evaluation");
                    var measured = Measure(classifier, count => generator.Generate(count, random: random), samples);
                    var result = new StackedResult(recipe.Name, recipe.Description, seed, steps, ImageRecipe.BaseChannels, measured.Covered, measured.Kl,
                        cpu.TotalMinutes, evalClock.Cpu.TotalMinutes, budget, TorchRuntime.Threads, BenchmarkMachine.Load(),
                        BenchmarkMachine.Commit(), DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                    RunLog.Append(results, result);
                    Say($"{recipe.Name} seed {seed}: {result.Steps} steps, {result.Modes} modes, KL {result.Kl:F3}, {result.TrainCpuMinutes:F1} CPU min");
                }
            }
        }

        var table = Table(results);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, table);
        Console.WriteLine(table);
        return 0;
    }

    /// <summary>Trains one run until its step limit or CPU budget; returns a copy of its sampling generator (EMA when the recipe has one).</summary>
    private static (Models.Generator Generator, long Steps, TimeSpan Cpu) TrainOne(ImageRecipe recipe, ImageRecipe.Shape shape, long seed, StackedDataset stacks,
        long maxSteps, double budgetMinutes, ConsoleLoggerFactory loggerFactory)
    {
        var (g, d) = recipe.Models(shape, seed);
        using (g)
        using (d)
        {
            using var trainer = recipe.Configure(GanTrainer.CreateBuilder(g, d), maxSteps).WithSeed(seed).WithProgressInterval(Chunk)
                .WithLogging(loggerFactory).Build();
            var clock = new CpuClock();
            while (trainer.Step < maxSteps && clock.Cpu.TotalMinutes < budgetMinutes)
                trainer.Train(stacks, Math.Min(maxSteps, trainer.Step + Chunk));
            var cpu = clock.Cpu;
            return (trainer.SamplingGenerator.CreateCopy(), trainer.Step, cpu);
        }
    }

    /// <summary>Modes covered and KL of <paramref name="samples"/> images drawn 1,000 at a time.</summary>
    private static (int Covered, double Kl) Measure(MetricClassifier classifier, Func<int, Tensor> draw, int samples)
    {
        var modes = new List<Tensor>();
        try
        {
            for (int done = 0; done < samples; done += 1000)
            {
                using var scope = NewDisposeScope();
                var images = draw(Math.Min(1000, samples - done));
                modes.Add(StackedModes.Predict(classifier, images).DetachFromDisposeScope());
            }

            using var all = cat(modes, 0);
            var distribution = StackedModes.FromModes(all, (int)Math.Pow(classifier.ClassCount, 3));
            return ((int)Math.Round(distribution.ClassCoverage * distribution.Counts.Count), distribution.KlFromUniform);
        }
        finally
        {
            foreach (var m in modes) m.Dispose();
        }
    }

    private static string Table(string results)
    {
        var c = CultureInfo.InvariantCulture;
        var runs = RunLog.Read<StackedResult>(results);
        var sb = new StringBuilder();
        sb.AppendLine(BenchmarkMachine.Describe()).AppendLine();
        if (File.Exists(ClassifierLinePath(results))) sb.AppendLine(File.ReadAllText(ClassifierLinePath(results))).AppendLine();
        sb.AppendLine("| recipe | runs (seeds) | steps per run | modes (of 1,000) | KL(modes ‖ uniform) | train CPU min per run | budget CPU min |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        if (File.Exists(FloorPath(results)))
        {
            var parts = File.ReadAllText(FloorPath(results)).Split('\t');
            sb.AppendLine(string.Create(c, $"| real stacked test data (classifier-read) | — | — | {parts[0]} | {double.Parse(parts[1], c):F3} | — | — |"));
        }

        foreach (var group in runs.GroupBy(r => (r.Recipe, r.Width)))
        {
            var list = group.OrderBy(r => r.Seed).ToList();
            sb.AppendLine(string.Create(c,
                $"| {group.Key.Recipe} (width {group.Key.Width}) | {list.Count} ({string.Join(",", list.Select(r => r.Seed))}) | {string.Join(" / ", list.Select(r => r.Steps.ToString("N0", c)))} | " +
                $"{MeanAndError.Of(list.Select(r => (double)r.Modes).ToList()).Format("F1")} | {MeanAndError.Of(list.Select(r => r.Kl).ToList()).Format("F3")} | " +
                $"{MeanAndError.Of(list.Select(r => r.TrainCpuMinutes).ToList()).Format("F1")} | {list.Max(r => r.BudgetCpuMinutes):0.##} |"));
        }

        sb.AppendLine();
        sb.AppendLine("Per run:").AppendLine();
        sb.AppendLine("| recipe | seed | steps | modes | KL | train / eval CPU min | threads | load at end | commit | date (UTC) |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in runs)
            sb.AppendLine(string.Create(c,
                $"| {r.Recipe} | {r.Seed} | {r.Steps:N0} | {r.Modes} | {r.Kl:F3} | {r.TrainCpuMinutes:F1} / {r.EvalCpuMinutes:F1} | {r.Threads} | {r.Load} | {r.Commit} | {r.Date} |"));
        sb.AppendLine();
        foreach (var description in runs.Select(r => $"- `{r.Recipe}`: {r.Description}").Distinct()) sb.AppendLine(description);
        sb.AppendLine();
        sb.AppendLine("26,000 generated samples per run; a mode is covered when at least one sample falls in it; KL = Σ q log(1000 q). " +
            "Each run stops at its step limit or when its training CPU time reaches the budget, whichever comes first.");
        return sb.ToString();
    }

    private static string ClassifierLinePath(string results) => results + ".classifier.md";

    private static string FloorPath(string results) => results + ".floor.tsv";

    private static void Say(string line) => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");

    /// <summary>One run, as appended to the results file.</summary>
    internal sealed record StackedResult(string Recipe, string Description, long Seed, long Steps, int Width, int Modes, double Kl,
        double TrainCpuMinutes, double EvalCpuMinutes, double BudgetCpuMinutes, int Threads, string Load, string Commit, string Date);
}
