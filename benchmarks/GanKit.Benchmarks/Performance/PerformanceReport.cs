using System.Globalization;
using System.Text;
using GanKit.Features;
using GanKit.Runtime;
using GanKit.StyleTransfer;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Performance;

/// <summary>
/// The long-form performance runner: trainer vs hand-written loop (ratio inside one run), achieved FLOP rate against
/// the measured GEMM rate, sampling throughput and style-transfer seconds per iteration. Prints a markdown report.
/// </summary>
public static class PerformanceReport
{
    /// <summary>Runs the report; <c>--quick</c> uses fewer repetitions, <c>--out FILE</c> also writes it to a file.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        int runs = quick ? 5 : 15;
        var report = new StringBuilder();
        void Line(string s = "")
        {
            Console.WriteLine(s);
            report.AppendLine(s);
        }

        TorchRuntime.EnsureLoaded();
        Line(BenchmarkMachine.Describe() + $"; {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Line();

        double gemm = GemmFlopsPerSecond(quick ? 3 : 7);
        Line($"Single-precision GEMM (4096×4096 · 4096×4096): {gemm / 1e9:F1} GFLOP/s");
        Line();
        Line("| case | hand-written loop (ms/step) | GanKit trainer (ms/step) | ratio | FLOP/step (G) | achieved GFLOP/s | % of GEMM |");
        Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in Enum.GetValues<GanCase>())
        {
            using var data = BenchModels.Data(c);
            var (g1, d1) = BenchModels.Models(c);
            var (g2, d2) = BenchModels.Models(c);
            using var loop = new HandWrittenLoop(g1, d1, data, BenchModels.IsWgan(c));
            using var trainer = BenchModels.Trainer(c, g2, d2);
            var (hand, kit) = Timing.PairedMedians(loop.Step, () => trainer.TrainStep(data), warmup: 3, runs);
            double flops = StepFlops(c, g1, d1);
            Line($"| {c} | {hand * 1000:F1} | {kit * 1000:F1} | {kit / hand:F3} | {flops / 1e9:F1} | {flops / kit / 1e9:F1} | {100 * flops / kit / gemm:F0}% |");
            foreach (var m in new IDisposable[] { g1, g2, d1, d2 }) m.Dispose();
        }

        Line();
        Line("| sampling (inference mode, batch 256) | images/s |");
        Line("| --- | ---: |");
        foreach (var c in new[] { GanCase.Dcgan28Ns, GanCase.Dcgan64Ns })
        {
            var (g, d) = BenchModels.Models(c);
            using var rng = new Generator(1);
            double t = Timing.Median(() => g.Generate(256, random: rng).Dispose(), 2, quick ? 3 : 7);
            Line($"| {c} | {256 / t:F0} |");
            g.Dispose();
            d.Dispose();
        }

        Line();
        Line("| style transfer | size | optimizer | s/iteration | s/function evaluation |");
        Line("| --- | --- | --- | ---: | ---: |");
        foreach (var (name, factory) in new (string, Func<IFeatureNetwork>)[] { ("ResNet18", () => PretrainedFeatureNetworks.ResNet18()), ("VGG-19 (random weights)", () => PretrainedFeatureNetworks.Vgg19Random(1)) })
        foreach (var size in new[] { 256, 512 })
        foreach (var optimizer in new MinimizerSettings[] { ImageMinimizers.Lbfgs(quick ? 3 : 8), ImageMinimizers.Adam(steps: quick ? 3 : 8) })
        {
            var (perIteration, perEvaluation) = StyleSecondsPerIteration(factory, size, optimizer);
            Line($"| {name} | {size}×{size * 3 / 4} | {optimizer.Name} | {perIteration:F2} | {perEvaluation:F2} |");
        }

        Line();
        Line($"Load at the end: {BenchmarkMachine.Load()}");
        if (args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() is { } outFile) File.WriteAllText(outFile, report.ToString());
        return 0;
    }

    private static double GemmFlopsPerSecond(int runs)
    {
        using var a = randn(4096, 4096);
        using var b = randn(4096, 4096);
        double t = Timing.Median(() => a.matmul(b).Dispose(), 1, runs);
        return 2.0 * 4096 * 4096 * 4096 / t;
    }

    /// <summary>
    /// FLOPs of one step from the forward FLOPs F_G, F_D of a batch, counting a backward as twice its forward:
    /// non-saturating = D fwd real + fake (2F_D) + D bwd (4F_D) + G fwd (F_G) + D fwd on fake (F_D) + D bwd to its
    /// input (F_D) + G bwd (2F_G) = 8F_D + 3F_G. WGAN-GP adds a D fwd on interpolates (F_D), its input gradient (F_D)
    /// and the double backward through both (≈4F_D): 14F_D + 3F_G.
    /// </summary>
    private static double StepFlops(GanCase c, GanKit.Models.Generator g, GanKit.Models.Discriminator d)
    {
        using var scope = NewDisposeScope();
        var z = randn(BenchModels.Batch, g.LatentSize);
        var (ch, size, _) = BenchModels.Shape(c);
        var x = randn(BenchModels.Batch, ch, size, size);
        double fg = FlopCounter.ForwardFlops(g.Module, () => g.Forward(z));
        double fd = FlopCounter.ForwardFlops(d.Module, () => d.Forward(x));
        return (BenchModels.IsWgan(c) ? 14 : 8) * fd + 3 * fg;
    }

    private static (double PerIteration, double PerEvaluation) StyleSecondsPerIteration(Func<IFeatureNetwork> network, int size, MinimizerSettings optimizer)
    {
        manual_seed(1);
        using var content = rand(3, size * 3 / 4, size);
        using var style = rand(3, size * 3 / 4, size);
        using var stylizer = StyleTransferOptimizer.CreateBuilder().WithFeatureNetwork(network(), ownsNetwork: true).WithOptimizer(optimizer)
            .WithScales(1).WithMaxSize(size).WithSeed(1).Build();
        stylizer.Stylize(content, [(style, 1.0)]).Dispose(); // warm-up: allocations, caches
        using var result = stylizer.Stylize(content, [(style, 1.0)]);
        return (result.Elapsed.TotalSeconds / Math.Max(1, result.Iterations), result.Elapsed.TotalSeconds / Math.Max(1, result.FunctionEvaluations));
    }

    internal static string Format(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
