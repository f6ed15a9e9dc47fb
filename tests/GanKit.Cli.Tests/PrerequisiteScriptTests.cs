using System.Diagnostics;

namespace GanKit.Cli.Tests;

/// <summary>
/// scripts/install-prerequisites.sh picks the Debian mirror from the machine's apt sources. Its bash test runs the
/// detection and the trixie source on sample configurations in a temporary folder; it never changes this machine.
/// </summary>
public sealed class PrerequisiteScriptTests
{
    [Fact]
    public async Task The_trixie_source_follows_the_configured_Debian_mirror_and_a_second_run_changes_nothing()
    {
        var test = Path.Combine(RepositoryRoot(), "tests", "scripts", "install-prerequisites.test.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(test);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // the script test takes a second or two
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(0, "{0}\n{1}", await stdout, await stderr);
        (await stdout).Should().Contain("all checks passed").And.NotContain("FAIL");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "install-prerequisites.sh"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No repository (scripts/install-prerequisites.sh) above {AppContext.BaseDirectory}.");
    }
}
