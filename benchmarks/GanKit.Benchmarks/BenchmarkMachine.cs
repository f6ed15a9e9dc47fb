using System.Diagnostics;
using GanKit.Runtime;

namespace GanKit.Benchmarks;

/// <summary>
/// What every benchmark table is printed with, so a reader can tell which machine, load and code it came from:
/// CPU model, the vector ISA the CPU offers (libtorch picks its kernels from it), torch threads, load, commit, date.
/// </summary>
internal static class BenchmarkMachine
{
    public static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static string CpuModel() => CpuInfoValue("model name") ?? "unknown CPU";

    /// <summary>The SIMD extensions that decide libtorch's kernels, and any override of its choice.</summary>
    public static string Isa()
    {
        var flags = (CpuInfoValue("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        string[] relevant = ["avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16", "amx_bf16"];
        var present = relevant.Where(flags.Contains).ToList();
        var isa = present.Count > 0 ? string.Join(" ", present) : "no AVX2";
        return Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY") is { Length: > 0 } forced ? $"{isa} (ATEN_CPU_CAPABILITY={forced})" : isa;
    }

    public static string Commit()
    {
        try
        {
            var start = new ProcessStartInfo("git", "describe --always --dirty") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(start)!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && commit.Length > 0 ? commit : "unknown commit";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown commit (no git)";
        }
    }

    /// <summary>One line: CPU, ISA, cores, torch threads, wait policy, load, commit and date.</summary>
    public static string Describe() =>
        $"Machine: {CpuModel()} [{Isa()}], {Environment.ProcessorCount} logical CPUs, torch threads {TorchRuntime.Threads}, " +
        $"OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}; load {Load()}; " +
        $"commit {Commit()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";

    private static string? CpuInfoValue(string key) =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
}
