using System.Diagnostics;
using System.Globalization;
using GanKit.Metrics;
using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Metrics;

/// <summary>`bench knn-timing N D [threads]`: precision/recall/density/coverage on two N × D Gaussian sets, timed (docs/metrics.md).</summary>
internal static class KnnTiming
{
    public static int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        int d = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 512;
        TorchRuntime.Threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        manual_seed(1);
        using var x = randn(n, d);
        using var y = randn(n, d) + 0.1;
        var sw = Stopwatch.StartNew();
        var m = NearestNeighbourMetrics.Compute(x, y);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n}×{d}, {TorchRuntime.Threads} thread(s): {sw.Elapsed.TotalSeconds:F2} s, {m}; load {File.ReadAllText("/proc/loadavg").Trim()}"));
        return 0;
    }
}
