using System.Diagnostics;
using System.Globalization;
using GanKit.Data;
using GanKit.Metrics;
using GanKit.Models;
using GanKit.Models.Layers;
using GanKit.Runtime;
using GanKit.StyleTransfer;
using GanKit.StyleTransfer.Colors;
using GanKit.StyleTransfer.Tests.TestSupport;
using GanKit.Tests.Metrics;
using GanKit.Training;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Benchmarks.Robustness;

/// <summary>
/// <c>learned-outcomes CASE [--seeds 1-10] [--threads 1,2]</c>: reruns the recipe of one learned-outcome test over seeds
/// and torch thread counts, printing one tab-separated line per run and min / median / max of every value, so a test's
/// threshold can be set from a measured distribution. libtorch picks its kernels once per process, so run the verb once per
/// <c>ATEN_CPU_CAPABILITY</c> (e.g. <c>default</c> and <c>avx2</c>); <c>MKL_CBWR=COMPATIBLE DNNL_MAX_CPU_ISA=SSE41</c>
/// moves the matrix products and convolutions to other kernels too. Each case mirrors the test named in
/// <see cref="Cases"/>; change both together. The seed replaces the test's fixed seeds (see each case).
/// </summary>
internal static class LearnedOutcomes
{
    private static readonly Dictionary<string, (string Test, Func<long, IReadOnlyList<(string Name, double Value)>> Run)> Cases = new()
    {
        ["ring8"] = ("GanTrainerTests.A_short_run_on_ring8_moves_samples_onto_the_modes", Ring8),
        ["bands"] = ("MetricClassifierTests.A_few_steps_on_a_small_set_learn_the_classes_and_the_result_is_cached", Bands),
        ["fmnist"] = ("MetricClassifierTests.Thirty_steps_on_a_Fashion_MNIST_subset_beat_chance", FashionMnist),
        ["style-lbfgs"] = ("StyleTransferOptimizerTests.Total_loss_falls_substantially_in_a_few_iterations(lbfgs)", s => StyleLoss(s, lbfgs: true)),
        ["style-adam"] = ("StyleTransferOptimizerTests.Total_loss_falls_substantially_in_a_few_iterations(adam)", s => StyleLoss(s, lbfgs: false)),
        ["style-luminance"] = ("StyleTransferOptimizerTests.Luminance_preservation_keeps_the_content_chroma", Luminance),
        ["style-histogram"] = ("StyleTransferOptimizerTests.Histogram_matching_moves_the_result_colours_toward_the_content", Histogram),
        ["style-resnet18"] = ("ResNet18StyleTransferTests.The_default_network_is_resnet18_and_its_loss_falls_deterministically (no seed)", ResNet18Loss),
        ["power-iteration"] = ("SpectralNormTests.Power_iteration_drives_the_top_singular_value_to_one", PowerIteration),
    };

    public static int Run(string[] args)
    {
        if (args.Length == 0 || !Cases.TryGetValue(args[0], out var chosen))
        {
            Console.Error.WriteLine("usage: learned-outcomes " + string.Join("|", Cases.Keys) + " [--seeds 1-10] [--threads 1,2]");
            return 2;
        }

        var options = Quality.QualityArgs.Parse(args[1..]);
        var seeds = ParseSeeds(options.String("seeds", "1-10"));
        var threads = options.List("threads", ["1", "2"]).Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var kernel = Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY") ?? "auto";
        TorchRuntime.EnsureLoaded();
        Console.WriteLine($"# {args[0]}: {chosen.Test}; ATEN_CPU_CAPABILITY={kernel}, MKL_CBWR={Environment.GetEnvironmentVariable("MKL_CBWR") ?? "-"}");
        var values = new Dictionary<string, List<double>>();
        foreach (int t in threads)
        {
            foreach (long seed in seeds)
            {
                TorchRuntime.Threads = t;
                var clock = Stopwatch.StartNew();
                var result = chosen.Run(seed);
                foreach (var (name, value) in result) (values.TryGetValue(name, out var list) ? list : values[name] = []).Add(value);
                Console.WriteLine(string.Join('\t', new[] { args[0], $"kernel={kernel}", $"threads={t}", $"seed={seed}" }
                    .Concat(result.Select(r => FormattableString.Invariant($"{r.Name}={r.Value:0.#####}")))
                    .Append(FormattableString.Invariant($"seconds={clock.Elapsed.TotalSeconds:0.0}"))));
            }
        }

        foreach (var (name, list) in values)
        {
            var sorted = list.Order().ToArray();
            Console.WriteLine(FormattableString.Invariant(
                $"# {name}: n {sorted.Length}, min {sorted[0]:0.#####}, median {sorted[(sorted.Length - 1) / 2]:0.#####}, max {sorted[^1]:0.#####}"));
        }

        return 0;
    }

    private static long[] ParseSeeds(string spec) => spec.Split(',').SelectMany(part =>
    {
        var range = part.Split('-');
        long from = long.Parse(range[0], CultureInfo.InvariantCulture);
        long to = range.Length == 2 ? long.Parse(range[1], CultureInfo.InvariantCulture) : from;
        return Enumerable.Range(0, (int)(to - from + 1)).Select(i => from + i);
    }).ToArray();

    /// <summary>The test's recipe (the same file, linked); seed 1 is the test's.</summary>
    private static IReadOnlyList<(string, double)> Ring8(long seed)
    {
        var (before, after) = GanKit.Tests.Training.Ring8Recipe.Run(seed);
        return [("modes", after.ModesCaptured), ("high-quality", after.HighQualityFraction), ("high-quality-before", before.HighQualityFraction)];
    }

    /// <summary>The test's recipe with seed s for the classifier (test: 3) and 10 + s for the data (test: 11).</summary>
    private static IReadOnlyList<(string, double)> Bands(long seed)
    {
        using var scope = NewDisposeScope();
        var recipe = new MetricClassifierRecipe { Seed = seed, Epochs = 5, MaxSteps = 25, BatchSize = 32, LearningRate = 2e-2, Channels = 4, FeatureSize = 8 };
        using var data = MetricTestData.Bands(seed: 10 + seed);
        using var classifier = MetricClassifier.Train(data, recipe);
        return [("accuracy", classifier.Accuracy(data))];
    }

    /// <summary>The test's recipe with seed s for the classifier (test: 0).</summary>
    private static IReadOnlyList<(string, double)> FashionMnist(long seed)
    {
        using var scope = NewDisposeScope();
        using var train = IdxFiles.LoadFashionMnist(train: true, maxSamples: 1280);
        using var test = IdxFiles.LoadFashionMnist(train: false, maxSamples: 500);
        using var classifier = MetricClassifier.Train(train, new MetricClassifierRecipe { Seed = seed, MaxSteps = 30, Channels = 8, FeatureSize = 32, MaxTrainingSamples = 1280 });
        return [("accuracy", classifier.Accuracy(test))];
    }

    /// <summary>The test's run with seed s for the tiny network's random weights (test: 7).</summary>
    private static IReadOnlyList<(string, double)> StyleLoss(long seed, bool lbfgs)
    {
        using var scope = NewDisposeScope();
        using var content = TestImages.Content(40);
        using var style = TestImages.Stripes(40);
        using var stylizer = Stylizers.Tiny(new TinyFeatureNetwork(seed))
            .WithOptimizer(lbfgs ? ImageMinimizers.Lbfgs(iterations: 15) : ImageMinimizers.Adam(learningRate: 0.03, steps: 40)).Build();
        using var result = stylizer.Stylize(content, [(style, 1.0)]);
        return [("last/first", result.History[^1].Losses.Total / result.History[0].Losses.Total)];
    }

    /// <summary>The test's runs with seed s for the tiny network's random weights (test: 7).</summary>
    private static IReadOnlyList<(string, double)> Luminance(long seed)
    {
        using var scope = NewDisposeScope();
        using var content = TestImages.Content(32);
        using var style = TestImages.Stripes(32);
        using var plain = Stylizers.Tiny(new TinyFeatureNetwork(seed)).Build();
        using var keeping = Stylizers.Tiny(new TinyFeatureNetwork(seed)).PreserveColors(ColorPreservation.Luminance).Build();
        using var free = plain.Stylize(content, [(style, 1.0)]);
        using var kept = keeping.Stylize(content, [(style, 1.0)]);
        double Chroma(Tensor image) =>
            (YiqColorSpace.FromRgb(image).narrow(0, 1, 2) - YiqColorSpace.FromRgb(content).narrow(0, 1, 2)).abs().mean().item<float>();
        double luminance = (YiqColorSpace.Luminance(kept.Image) - YiqColorSpace.Luminance(content)).abs().mean().item<float>();
        return [("kept-chroma", Chroma(kept.Image)), ("free/kept-chroma", Chroma(free.Image) / Chroma(kept.Image)), ("luminance-change", luminance)];
    }

    /// <summary>The test's runs with seed s for the tiny network's random weights (test: 7).</summary>
    private static IReadOnlyList<(string, double)> Histogram(long seed)
    {
        using var scope = NewDisposeScope();
        using var content = TestImages.Content(32);
        using var style = TestImages.Checks(32);
        using var plain = Stylizers.Tiny(new TinyFeatureNetwork(seed)).Build();
        using var matching = Stylizers.Tiny(new TinyFeatureNetwork(seed)).PreserveColors(ColorPreservation.HistogramMatch).Build();
        using var free = plain.Stylize(content, [(style, 1.0)]);
        using var matched = matching.Stylize(content, [(style, 1.0)]);
        double Distance(Tensor image) => (image.mean([1, 2]) - content.mean([1, 2])).norm().item<float>();
        return [("matched", Distance(matched.Image)), ("free", Distance(free.Image)), ("style", Distance(style))];
    }

    /// <summary>The test's run; the network is fixed, so the seed only repeats it.</summary>
    private static IReadOnlyList<(string, double)> ResNet18Loss(long seed)
    {
        using var scope = NewDisposeScope();
        using var content = TestImages.Content(64);
        using var style = TestImages.Stripes(64, period: 10);
        using var stylizer = StyleTransferOptimizer.CreateBuilder().WithOptimizer(ImageMinimizers.Lbfgs(iterations: 8)).WithScales(1).Build();
        using var result = stylizer.Stylize(content, [(style, 1.0)]);
        bool descends = result.History.Zip(result.History.Skip(1)).All(p => p.Second.Losses.Total <= p.First.Losses.Total);
        return [("last/first", result.History[^1].Losses.Total / result.History[0].Losses.Total), ("descends", descends ? 1 : 0)];
    }

    /// <summary>The test's run with manual_seed(s) (test: 11).</summary>
    private static IReadOnlyList<(string, double)> PowerIteration(long seed)
    {
        using var scope = NewDisposeScope();
        manual_seed(seed);
        using var layer = new SpectralNormLinear(40, 30);
        using (no_grad()) layer.parameters().First().mul_(7f);
        layer.train();
        using var x = randn(5, 40);
        for (int i = 0; i < 100; i++) layer.forward(x).Dispose();
        using var w = layer.NormalizedWeight();
        return [("|sigma-1|", Math.Abs(linalg.svdvals(w)[0].item<float>() - 1))];
    }
}
