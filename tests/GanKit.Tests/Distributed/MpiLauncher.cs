using System.Diagnostics;

namespace GanKit.Tests.Distributed;

/// <summary>Runs GanKit.MpiRunner (built into the test's output folder) with or without mpirun.</summary>
internal static class MpiLauncher
{
    public static string Runner => Path.Combine(AppContext.BaseDirectory, "GanKit.MpiRunner.dll");

    public static string? FindMpirun() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "mpirun"))
            .FirstOrDefault(File.Exists);

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips where Open MPI is missing, except in CI, where the prerequisite script installs it.</summary>
    public static string RequireMpirun()
    {
        var mpirun = FindMpirun();
        if (mpirun is null && InCi)
            throw new InvalidOperationException("mpirun is missing in CI; scripts/install-prerequisites.sh installs openmpi-bin and libopenmpi-dev.");
        Skip.If(mpirun is null, "Open MPI is not installed (apt-get install openmpi-bin libopenmpi-dev, or scripts/install-prerequisites.sh).");
        return mpirun!;
    }

    public static (int ExitCode, string Output) Run(string? mpirun, int ranks, params string[] args)
    {
        var start = new ProcessStartInfo(mpirun ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (mpirun is not null)
        {
            foreach (var a in new[] { "-np", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), "--oversubscribe", "dotnet" }) start.ArgumentList.Add(a);
            // Containers and CI often run as root, which Open MPI refuses without these.
            start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
            start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        }

        start.ArgumentList.Add(Runner);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish in 3 minutes.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
