using System.Globalization;
using System.Text;
using System.Text.Json;
using GanKit.Data;
using GanKit.Metrics;
using GanKit.Runtime;
using GanKit.Training;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Quality;

/// <summary>Trains every recipe on ring-8 and grid-25 for several seeds and reports mode coverage (VEEGAN / PacGAN protocol).</summary>
internal static class MixtureBenchmark
{
    public const int EvaluationSamples = 2500;

    public static int Run(string[] args)
    {
        var options = QualityArgs.Parse(args);
        long steps = options.Int("steps", 5_000);
        long bestSteps = options.Int("best-steps", 20_000);
        var seeds = options.Longs("seeds", [1, 2, 3, 4, 5]);
        var names = options.List("recipes", MixtureRecipe.All(steps).Select(r => r.Name).Where(n => n is not ("tuned" or "modern")).ToArray());
        var mixtures = options.List("mixtures", ["ring8", "grid25"]).Select(MixtureByName).ToArray();
        var output = options.String("out", "artifacts/quality/mixtures.md");
        int threads = options.Int("threads", 1);
        MixtureRecipe.GeneratorWidth = options.Int("g-width", 128);
        MixtureRecipe.DiscriminatorWidth = options.Int("d-width", 128);
        MixtureRecipe.LearningRate = options.Double("lr", MixtureRecipe.LearningRate);
        MixtureRecipe.BestPack = options.Int("best-pack", MixtureRecipe.BestPack);
        MixtureRecipe.BestLearningRate = options.Double("best-lr", MixtureRecipe.BestLearningRate);
        MixtureRecipe.BestEma = options.Double("best-ema", MixtureRecipe.BestEma);
        MixtureRecipe.Tuned = TunedMixtureSettings.From(options);
        // --results FILE appends every run as a JSON line (several processes may share the file); --report-only prints the
        // table of every run in it, so seeds run in parallel processes still make one table.
        var resultsFile = options.OptionalString("results");
        TorchRuntime.EnsureLoaded();
        set_num_threads(threads);
        TorchRuntime.Threads = threads;

        var recipes = MixtureRecipe.All(steps).Where(r => names.Contains(r.Name))
            .Select(r => r.Name switch
            {
                "best" => r with { Steps = bestSteps },
                "tuned" => r with { Steps = options.Int("t-steps", (int)steps) },
                "mixture" => r with { Steps = options.Int("mixture-steps", (int)r.Steps) },
                _ => r,
            }).ToArray();
        Console.WriteLine($"quality-mixtures: {recipes.Length} recipes × {mixtures.Length} mixtures × {seeds.Length} seeds; {steps} steps ({bestSteps} for best); " +
            $"G {MixtureRecipe.GeneratorWidth}×4, D {MixtureRecipe.DiscriminatorWidth}×3, lr {MixtureRecipe.LearningRate}; torch threads {threads}");

        var results = new List<MixtureRunResult>();
        if (options.Flag("report-only"))
        {
            results.AddRange(File.ReadAllLines(resultsFile ?? throw new ArgumentException("--report-only needs --results FILE."))
                .Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<MixtureRunResult>(l, ResultJson)!)
                .Where(r => names.Contains(r.Recipe) && mixtures.Any(m => m.Name == r.Mixture)));
            mixtures = mixtures.Where(m => results.Any(r => r.Mixture == m.Name)).ToArray();
            // One row per recipe as it ran: tuned runs with different knobs are different rows (runs written before the
            // description was recorded take the one the command line gives).
            var given = recipes;
            results = results.Select(x => x with { Description = x.Description ?? given.First(r => r.Name == x.Recipe).Description }).ToList();
            recipes = results.GroupBy(x => (x.Recipe, x.Description))
                .Select(group => given.First(r => r.Name == group.Key.Recipe) with { Steps = group.First().Steps, Description = group.Key.Description! })
                .ToArray();
        }
        else
        foreach (var mixture in mixtures)
        {
            using var data = mixture.CreateDataset(100_000, seed: 0);
            foreach (var recipe in recipes)
            foreach (var seed in seeds)
            {
                var result = RunOne(mixture, data, recipe, seed);
                results.Add(result);
                if (resultsFile is not null) File.AppendAllText(resultsFile, JsonSerializer.Serialize(result, ResultJson) + "\n");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{mixture.Name,-7} {recipe.Name,-9} seed {seed}: modes {result.Coverage.ModesCaptured,2}/{result.Coverage.ModesTotal} " +
                    $"high quality {result.Coverage.HighQualityFraction * 100,5:F1}%  reverse KL {result.Coverage.ReverseKl:F3}  " +
                    $"cpu {result.Cpu.TotalMinutes:F2} min  wall {result.Wall.TotalMinutes:F2} min"));
            }
        }

        var table = Table(results, recipes, mixtures, threads);
        Console.WriteLine(table);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, table);
        Console.WriteLine($"written to {output}");
        return 0;
    }

    private static MixtureRunResult RunOne(GaussianMixture mixture, InMemoryDataset data, MixtureRecipe recipe, long seed)
    {
        var clock = new CpuClock();
        var (g, d) = recipe.Models(seed);
        using (g)
        using (d)
        {
            using var trainer = recipe.Configure(GanTrainer.CreateBuilder(g, d), recipe.Steps).WithSeed(seed).WithProgressInterval(1000).Build();
            trainer.Train(data, recipe.Steps);
            using var samples = trainer.Sample(EvaluationSamples, seed: 12345 + seed);
            var coverage = MixtureCoverage.Evaluate(samples, mixture);
            return new MixtureRunResult(mixture.Name, recipe.Name, seed, coverage, clock.Cpu, clock.Wall, recipe.Steps, BenchmarkMachine.Load(), recipe.Description);
        }
    }

    private static string Table(IReadOnlyList<MixtureRunResult> results, IReadOnlyList<MixtureRecipe> recipes, IReadOnlyList<GaussianMixture> mixtures, int threads)
    {
        // Variants of one recipe (tuned runs with different knobs) are numbered in the order of the summary table.
        string Label(string name, string description)
        {
            var variants = recipes.Where(r => r.Name == name).Select(r => r.Description).ToList();
            return variants.Count > 1 ? $"{name} [{variants.IndexOf(description) + 1}]" : name;
        }

        var sb = new StringBuilder();
        sb.AppendLine(BenchmarkMachine.Describe());
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| recipe | steps | {string.Join(" | ", mixtures.Select(m => $"{m.Name} modes (of {m.Modes.Count}) | {m.Name} high quality %"))} | CPU min / run |"));
        sb.AppendLine("| --- | --- |" + string.Concat(Enumerable.Repeat(" --- | --- |", mixtures.Count)) + " --- |");
        foreach (var recipe in recipes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {Label(recipe.Name, recipe.Description)} ({recipe.Description}) | {recipe.Steps:N0} |");
            var cpu = new List<double>();
            foreach (var mixture in mixtures)
            {
                var runs = results.Where(r => r.Mixture == mixture.Name && r.Recipe == recipe.Name && r.Description == recipe.Description).ToList();
                var modes = MeanAndError.Of(runs.Select(r => (double)r.Coverage.ModesCaptured).ToList());
                var quality = MeanAndError.Of(runs.Select(r => r.Coverage.HighQualityFraction * 100).ToList());
                cpu.AddRange(runs.Select(r => r.Cpu.TotalMinutes));
                sb.Append(CultureInfo.InvariantCulture, $" {modes.Format("F1")} | {quality.Format("F1")} |");
            }

            sb.AppendLine(CultureInfo.InvariantCulture, $" {(cpu.Count > 0 ? cpu.Average() : double.NaN):F2} |");
        }

        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Mean ± standard error over seeds {string.Join(", ", results.Select(r => r.Seed).Distinct().Order())}; {EvaluationSamples:N0} samples per run; torch threads {threads}."));
        sb.AppendLine();
        sb.AppendLine("| mixture | recipe | seed | modes | high quality % | reverse KL | CPU min | wall min | load at end |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in results.OrderBy(r => r.Mixture).ThenBy(r => r.Recipe).ThenBy(r => r.Seed))
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Mixture} | {Label(r.Recipe, r.Description!)} | {r.Seed} | {r.Coverage.ModesCaptured} | {r.Coverage.HighQualityFraction * 100:F1} | {r.Coverage.ReverseKl:F3} | {r.Cpu.TotalMinutes:F2} | {r.Wall.TotalMinutes:F1} | {r.Load} |"));
        return sb.ToString();
    }

    private static GaussianMixture MixtureByName(string name) => name.ToLowerInvariant() switch
    {
        "ring8" or "ring" => GaussianMixture.Ring8,
        "grid25" or "grid" => GaussianMixture.Grid25,
        _ => throw new ArgumentException($"Unknown mixture '{name}'; use ring8 or grid25."),
    };

    // A run that misses modes has an infinite reverse KL.
    private static readonly JsonSerializerOptions ResultJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    // Description is null only in results files written before it was recorded.
    private sealed record MixtureRunResult(string Mixture, string Recipe, long Seed, MixtureCoverage Coverage, TimeSpan Cpu, TimeSpan Wall, long Steps, string Load,
        string? Description = null);
}
