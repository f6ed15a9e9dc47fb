using System.Diagnostics;
using System.Globalization;
using GanKit.IO;
using GanKit.Metrics;
using GanKit.Runtime;

namespace GanKit.Benchmarks.Metrics;

/// <summary>
/// `bench kid-timing [--rounds N] [--python P]`: GanKit's KID against torch-fidelity's loop in NumPy (kid_numpy.py) on the same
/// features (the golden case a, 2,000 × 64 float64), 100 subsets of 1,000, one thread each (TorchRuntime.Threads = 1;
/// OPENBLAS_NUM_THREADS=1), alternating so that load from other processes hits both alike. Prints each round, the median
/// ratio, the load average and the CPU.
/// </summary>
internal static class KidTiming
{
    public static int Run(string[] args)
    {
        int rounds = 5;
        string python = "/usr/bin/python3";
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--python": python = args[++i]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}; usage: kid-timing [--rounds N] [--python P]"); return 2;
            }
        }

        TorchRuntime.Threads = 1;
        var folder = GoldenFolder();
        string xPath = Path.Combine(folder, "a_x.npy"), yPath = Path.Combine(folder, "a_y.npy");
        var script = Path.GetFullPath(Path.Combine(folder, "..", "..", "..", "..", "benchmarks", "GanKit.Benchmarks", "Metrics", "kid_numpy.py"));
        using var x = NpyFile.Read(xPath);
        using var y = NpyFile.Read(yPath);
        Console.WriteLine(BenchmarkMachine.Describe());
        Console.WriteLine($"features {x.shape[0]}×{x.shape[1]} float64; 100 subsets of 1,000; 1 thread each");
        KernelInceptionDistance.Compute(x, y, subsets: 3); // warm-up (libtorch kernels, allocator)
        var ratios = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            string load = Load();
            var sw = Stopwatch.StartNew();
            var kid = KernelInceptionDistance.Compute(x, y);
            double gankit = sw.Elapsed.TotalSeconds;
            var numpy = RunNumPy(python, script, xPath, yPath);
            ratios.Add(gankit / numpy.Seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {r + 1}: GanKit {gankit:F2} s (KID {kid.Mean:F5} ± {kid.StandardDeviation:F5}), NumPy {numpy.Seconds:F2} s (KID {numpy.Mean:F5} ± {numpy.Std:F5}), ratio {gankit / numpy.Seconds:F2}; load before the round {load}"));
        }

        ratios.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median ratio GanKit/NumPy {ratios[ratios.Count / 2]:F2} (min {ratios[0]:F2}, max {ratios[^1]:F2}); load now {Load()}"));
        return 0;
    }

    /// <summary>The golden parity features in the test project.</summary>
    public static string GoldenFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "GanKit.Tests", "Metrics", "Golden");
            if (Directory.Exists(candidate)) return candidate;
        }

        throw new DirectoryNotFoundException("tests/GanKit.Tests/Metrics/Golden was not found above " + AppContext.BaseDirectory);
    }

    private static (double Seconds, double Mean, double Std) RunNumPy(string python, string script, string xPath, string yPath)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, xPath, yPath, "100", "1000" }) start.ArgumentList.Add(a);
        foreach (var v in new[] { "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS" }) start.Environment[v] = "1";
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{python} {script} failed ({process.ExitCode}): {error}");
        var parts = output.Trim().Split(' ').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return (parts[0], parts[1], parts[2]);
    }

    private static string Load() => BenchmarkMachine.Load();
}
