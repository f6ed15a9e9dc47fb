using System.Diagnostics;

namespace GanKit.Benchmarks.Performance;

internal static class Timing
{
    /// <summary>Median seconds of <paramref name="runs"/> calls after <paramref name="warmup"/> unmeasured ones.</summary>
    public static double Median(Action action, int warmup, int runs)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalSeconds;
        }

        Array.Sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
    }

    /// <summary>Medians of two actions measured alternately, so drift and noise from other processes hit both alike.</summary>
    public static (double A, double B) PairedMedians(Action a, Action b, int warmup, int runs)
    {
        for (int i = 0; i < warmup; i++) { a(); b(); }
        var ta = new double[runs];
        var tb = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            a();
            ta[i] = sw.Elapsed.TotalSeconds;
            sw.Restart();
            b();
            tb[i] = sw.Elapsed.TotalSeconds;
        }

        Array.Sort(ta);
        Array.Sort(tb);
        return (ta[runs / 2], tb[runs / 2]);
    }
}
