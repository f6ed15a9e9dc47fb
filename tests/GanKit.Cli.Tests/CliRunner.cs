using System.Diagnostics;

namespace GanKit.Cli.Tests;

/// <summary>Runs the built gankit tool (GanKit.Cli.dll beside the tests) as a separate process.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Result Run(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gankit {string.Join(" ", args)} did not finish in 3 minutes.");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Starts gankit and returns while it runs (to be killed, say). Its output is drained in the background so a full
    /// pipe never blocks it; <paramref name="stderr"/> collects the error stream.
    /// </summary>
    public static Process Start(System.Text.StringBuilder stderr, params string[] args) => Start(stderr, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Start(System.Text.StringBuilder, string[])"/>, with extra environment variables for the process.</summary>
    public static Process Start(System.Text.StringBuilder stderr, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = StartInfo(args);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ProcessStartInfo StartInfo(string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "GanKit.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        return start;
    }
}
