using System.Diagnostics;
using GanKit.StyleTransfer;
using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Performance;

/// <summary>
/// Long runs that must not grow: 10,000 GAN steps (a small conditional DCGAN, 16×16, batch 64, spectral norm, R1 and
/// EMA, so every code path of the step runs) and 1,000 style iterations (ResNet18, 256 px, Adam), reporting the
/// process working set and TorchSharp's live tensor count as they go.
/// </summary>
public static class MemorySoak
{
    /// <summary>Runs the soak; <c>--steps N</c> and <c>--style-iterations N</c> shorten it.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>0 when memory stayed flat after warm-up, 1 otherwise.</returns>
    public static int Run(string[] args)
    {
        long steps = Arg(args, "--steps", 10_000);
        int styleIterations = (int)Arg(args, "--style-iterations", 1_000);
        var stats = DisposeScopeManager.Statistics;
        bool flat = true;

        Console.WriteLine("| GAN step | working set (MB) | live tensors |");
        Console.WriteLine("| ---: | ---: | ---: |");
        manual_seed(3);
        using var data = new GanKit.Data.InMemoryDataset(randint(0, 256, new long[] { 1024, 1, 16, 16 }).to(ScalarType.Byte), arange(1024) % 10, 10, ownsTensors: true);
        var g = GanKit.Models.Generator.CreateBuilder().ForImages(1, 16, 16).WithLatentSize(32).UseDcgan(16).WithClasses(10).WithSeed(1).Build();
        var d = GanKit.Models.Discriminator.CreateBuilder().ForImages(1, 16, 16).UseDcgan(16).WithClasses(10).WithSpectralNorm().WithSeed(2).Build();
        using var trainer = GanKit.Training.GanTrainer.CreateBuilder(g, d).WithLoss(GanKit.Losses.GanLosses.Hinge).WithBatchSize(64)
            .WithR1Penalty(0.1, interval: 4).WithEma(0.999).WithProgressInterval(1_000_000).Build();
        long warmTensors = 0;
        double warmMb = 0, peakMb = 0;
        for (long s = 1; s <= steps; s++)
        {
            trainer.TrainStep(data);
            if (s % Math.Max(1, steps / 10) != 0 && s != 100) continue;
            double mb = WorkingSetMb();
            long live = stats.TensorStatistics.ThreadTotalLiveCount;
            Console.WriteLine($"| {s} | {mb:F0} | {live} |");
            if (s == 100) (warmTensors, warmMb) = (live, mb);
            else if (s > 100)
            {
                peakMb = Math.Max(peakMb, mb);
                flat &= live == warmTensors;
            }
        }

        Console.WriteLine($"GAN: live tensors {(flat ? "flat" : "GREW")}; working set {warmMb:F0} MB after warm-up, peak {peakMb:F0} MB.");
        g.Dispose();
        d.Dispose();

        manual_seed(1);
        using var content = rand(3, 192, 256);
        using var style = rand(3, 192, 256);
        using var stylizer = StyleTransferOptimizer.CreateBuilder().WithOptimizer(ImageMinimizers.Adam(steps: styleIterations))
            .WithScales(1).WithMaxSize(256).Build();
        long before = stats.TensorStatistics.ThreadTotalLiveCount;
        double styleStart = WorkingSetMb();
        var samples = new List<(int Iteration, double Mb)>();
        var progress = new SynchronousProgress<StyleTransferProgress>(p =>
        {
            if (p.Iteration % Math.Max(1, styleIterations / 10) == 0) samples.Add((p.Iteration, WorkingSetMb()));
        });
        using (var result = stylizer.Stylize(content, [(style, 1.0)], progress)) { }
        long after = stats.TensorStatistics.ThreadTotalLiveCount;
        Console.WriteLine();
        Console.WriteLine("| style iteration | working set (MB) |");
        Console.WriteLine("| ---: | ---: |");
        foreach (var (i, mb) in samples) Console.WriteLine($"| {i} | {mb:F0} |");
        Console.WriteLine($"Style: live tensors before {before}, after {after}; working set {styleStart:F0} MB at start, peak {samples.Max(s => s.Mb):F0} MB.");
        flat &= after == before;
        return flat ? 0 : 1;
    }

    private static double WorkingSetMb()
    {
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64 / 1048576.0;
    }

    private static long Arg(string[] args, string name, long fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? long.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    private sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
