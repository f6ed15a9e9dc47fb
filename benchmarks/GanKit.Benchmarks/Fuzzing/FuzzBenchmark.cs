using System.Diagnostics;
using System.Globalization;
using GanKit.Fuzzing;

namespace GanKit.Benchmarks.Fuzzing;

/// <summary>
/// The "fuzz" verb: runs the reader fuzz targets (tests/GanKit.Tests/Fuzzing) for many cases and prints, per reader, the
/// outcome classes, the slowest case, the largest managed allocation, the largest peak resident-memory growth (native
/// libtorch/Skia memory included, held to each reader's resident bound) and every finding (its input is saved for replay).
/// <c>fuzz [--cases N] [--seed S] [--reader NAME[,NAME]] [--time-limit SECONDS] [--work DIR]</c>; exit code 1 when anything was found.
/// <c>fuzz --reader NAME --seed S --case K</c> replays one case and prints its mutations and full exception.
/// </summary>
public static class FuzzBenchmark
{
    public static int Run(string[] args)
    {
        int cases = int.Parse(Arg(args, "--cases") ?? "10000", CultureInfo.InvariantCulture);
        ulong seed = ulong.Parse(Arg(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        var readers = (Arg(args, "--reader") ?? string.Join(",", FuzzTargets.Names)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var timeLimit = TimeSpan.FromSeconds(double.Parse(Arg(args, "--time-limit") ?? "10", CultureInfo.InvariantCulture));
        var work = Path.GetFullPath(Arg(args, "--work") ?? Path.Combine("artifacts", "fuzz"));
        var findingsDirectory = Path.Combine(work, "findings");
        foreach (var r in readers)
        {
            if (!FuzzTargets.Names.Contains(r))
            {
                Console.Error.WriteLine($"unknown reader '{r}'; the readers are {string.Join(", ", FuzzTargets.Names)}");
                return 2;
            }
        }

        if (Arg(args, "--case") is { } replay)
        {
            using var target = FuzzTargets.Create(readers[0]);
            var result = new FuzzRunner(target, work, seed, timeLimit, ResidentMemory.Available).RunCase(long.Parse(replay, CultureInfo.InvariantCulture));
            Console.WriteLine($"reader {readers[0]} seed {seed} case {result.Index} ({result.SeedName}): {string.Join("; ", result.Mutations)}");
            Console.WriteLine($"outcome {result.Outcome} in {result.Elapsed.TotalMilliseconds:N1} ms, {result.AllocatedBytes:N0} managed bytes, " +
                              $"peak resident growth {(result.ResidentGrowth < 0 ? "not measured" : result.ResidentGrowth.ToString("N0", CultureInfo.InvariantCulture) + " bytes")}; {result.Finding ?? "no finding"}");
            if (result.Error is not null) Console.WriteLine(result.Error);
            return result.Finding is null ? 0 : 1;
        }

        Console.WriteLine($"fuzz: {cases:N0} cases per reader, seed {seed}, time limit {timeLimit.TotalSeconds:0.#} s per case, work folder {work}");
        Console.WriteLine(ResidentMemory.Available
            ? "      resident memory: peak growth per case from /proc/self/status VmHWM, reset per case via /proc/self/clear_refs"
            : "      resident memory: not measurable here (needs Linux /proc/self/clear_refs); only managed allocation is bounded");
        Console.WriteLine($"      OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}, {Environment.ProcessorCount} logical CPUs, load {Load()}");
        var total = Stopwatch.StartNew();
        int findings = 0;
        foreach (var name in readers)
        {
            var clock = Stopwatch.StartNew();
            using var target = FuzzTargets.Create(name);
            var runner = new FuzzRunner(target, work, seed, timeLimit, ResidentMemory.Available);
            var report = runner.Run(cases, finding =>
            {
                Directory.CreateDirectory(findingsDirectory);
                var file = Path.Combine(findingsDirectory, $"{name}-seed{seed}-case{finding.Index}{target.Seeds.First(s => s.Name == finding.SeedName).Extension}");
                File.WriteAllBytes(file, finding.Input);
            });
            clock.Stop();
            findings += report.Findings.Count;
            Print(report, clock.Elapsed, seed);
        }

        Console.WriteLine($"total: {findings} finding(s), wall time {total.Elapsed.TotalSeconds:0.0} s, load {Load()}");
        if (findings > 0) Console.WriteLine($"finding inputs saved in {findingsDirectory}");
        return findings > 0 ? 1 : 0;
    }

    private static void Print(FuzzReport report, TimeSpan wall, ulong seed)
    {
        Console.WriteLine();
        Console.WriteLine($"reader {report.Reader}: {report.Cases:N0} cases{(report.Aborted ? " (stopped after a hang)" : "")}, wall {wall.TotalSeconds:0.0} s");
        foreach (var (outcome, count) in report.Outcomes) Console.WriteLine($"  {outcome,-32} {count,7:N0}");
        Console.WriteLine($"  max time per case               {report.MaxTime.TotalMilliseconds,9:N1} ms  (case {report.MaxTimeCase})");
        Console.WriteLine($"  max managed allocation per case {report.MaxAllocatedBytes / 1024.0,9:N0} KiB (case {report.MaxAllocationCase})");
        if (report.MaxResidentGrowth >= 0)
            Console.WriteLine($"  max resident growth per case    {report.MaxResidentGrowth / 1024.0,9:N0} KiB (case {report.MaxResidentGrowthCase})");
        Console.WriteLine($"  findings                        {report.Findings.Count,7:N0}");
        foreach (var f in report.Findings.Take(20))
            Console.WriteLine($"    case {f.Index} ({f.SeedName}; {string.Join("; ", f.Mutations)}): {f.Finding}  [replay: --reader {report.Reader} --seed {seed} --case {f.Index}]");
        if (report.Findings.Count > 20) Console.WriteLine($"    ... {report.Findings.Count - 20} more");
    }

    private static string Load() => BenchmarkMachine.Load();

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
