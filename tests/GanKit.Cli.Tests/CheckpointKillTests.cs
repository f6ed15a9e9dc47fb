using System.Diagnostics;
using System.Globalization;
using System.Text;
using GanKit.Checkpoints;
using Xunit.Abstractions;

namespace GanKit.Cli.Tests;

/// <summary>
/// Kill safety at process level: `gankit train` is SIGKILLed (Process.Kill on Linux) at random moments while it writes a
/// checkpoint every step, then the run folder must hold only checkpoints that load, and --resume must finish the run.
/// </summary>
public sealed class CheckpointKillTests(ITestOutputHelper output) : IDisposable
{
    // The checkpoint store's listing (CheckpointStore.List): what `--resume`, `sample` and `evaluate` take for a checkpoint.
    private const string CheckpointPattern = "step-*" + Checkpoint.Extension;
    private const int MaxKills = 15;
    private static readonly TimeSpan KillBudget = TimeSpan.FromSeconds(30);

    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Killing_train_while_it_writes_checkpoints_leaves_only_checkpoints_that_load_and_resume_finishes()
    {
        var run = Path.Combine(_dir, "run");
        var checkpoints = Path.Combine(run, "checkpoints");
        var random = new Random(20261202);
        var budget = Stopwatch.StartNew();
        int kills = 0, killsWithCheckpoint = 0, killsInStartup = 0, killsLeavingTemporary = 0;
        long newest = 0;

        while (kills < MaxKills && budget.Elapsed < KillBudget)
        {
            var stderr = new StringBuilder();
            bool resume = File.Exists(Path.Combine(run, "run.json"));
            using var process = CliRunner.Start(stderr, Train(run, targetStep: 1_000_000, resume));

            // Most kills land while checkpoints are being written (after this run's first new one); some during start-up and resume.
            bool duringStartup = random.Next(4) == 0;
            if (!duringStartup) WaitForCheckpointAfter(checkpoints, newest, process, stderr);
            Thread.Sleep(random.Next(duringStartup ? 2500 : 400));
            process.HasExited.Should().BeFalse("train should still be running; stderr:\n{0}", stderr);

            bool hadCheckpoint = Recognized(checkpoints).Any();
            process.Kill();
            process.WaitForExit();
            kills++;
            if (hadCheckpoint) killsWithCheckpoint++;
            if (duringStartup) killsInStartup++;
            // A temporary named after the killed process is a write the kill interrupted.
            var killedId = "." + process.Id.ToString(CultureInfo.InvariantCulture) + ".";
            if (Temporaries(checkpoints).Any(t => Path.GetFileName(t).Contains(killedId, StringComparison.Ordinal))) killsLeavingTemporary++;

            long step = VerifyFolder(checkpoints);
            step.Should().BeGreaterThanOrEqualTo(newest, "a kill never takes away a completed checkpoint");
            newest = step;
        }

        output.WriteLine($"{kills} kills in {budget.Elapsed.TotalSeconds:F1} s ({killsInStartup} timed from start-up, the rest after a new checkpoint); " +
                         $"{killsWithCheckpoint} after ≥1 checkpoint existed; " +
                         $"{killsLeavingTemporary} left a temporary file (killed mid-write); newest checkpoint at step {newest}; " +
                         $"temporaries left before the final resume: {Temporaries(checkpoints).Count()}");
        kills.Should().BeGreaterThanOrEqualTo(3, "the time budget should allow a few kills even on a loaded machine");

        long target = newest + 3;
        var finish = CliRunner.Run(Train(run, target, resume: true));
        finish.ExitCode.Should().Be(0, finish.StdErr);
        VerifyFolder(checkpoints).Should().Be(target, "--resume continues to the target step");
        Temporaries(checkpoints).Should().BeEmpty("the temporary files of killed writes are removed, not left to pile up");
    }

    private static string[] Train(string run, long targetStep, bool resume) =>
    [
        "train", "--data", "ring8", "--model", "mlp", "--width", "16", "--latent", "2", "--batch", "32", "--seed", "5",
        "--steps", targetStep.ToString(CultureInfo.InvariantCulture), "--checkpoint-every", "1", "--sample-every", "1000000",
        "--out", run, .. resume ? new[] { "--resume" } : [],
    ];

    private static void WaitForCheckpointAfter(string checkpoints, long step, Process process, StringBuilder stderr)
    {
        var timeout = Stopwatch.StartNew();
        while (Recognized(checkpoints).Select(StepOf).DefaultIfEmpty(0).Max() <= step)
        {
            process.HasExited.Should().BeFalse("train should be writing checkpoints; stderr:\n{0}", stderr);
            timeout.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "train should write a checkpoint within a minute");
            Thread.Sleep(10);
        }
    }

    /// <summary>
    /// Every file is a checkpoint the store recognizes or a hidden temporary that it cannot; every recognized one
    /// passes its checksum and holds the step its name says; the newest loads as a generator. Returns the newest step.
    /// </summary>
    private static long VerifyFolder(string checkpoints)
    {
        if (!Directory.Exists(checkpoints)) return 0;
        var recognized = Recognized(checkpoints).ToList();
        var others = Directory.EnumerateFiles(checkpoints).Select(Path.GetFileName).Except(recognized.Select(Path.GetFileName)).ToList();
        others.Where(name => !(name!.StartsWith(".step-", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal)))
            .Should().BeEmpty("besides checkpoints only the hidden temporaries of interrupted writes may exist");
        recognized.Count.Should().BeLessThanOrEqualTo(4, "the store keeps 3 (a 4th only between a write and its pruning)");

        foreach (var path in recognized)
        {
            var info = Checkpoint.ReadInfo(path); // throws CheckpointCorruptedException on a partial file
            info.Step.Should().Be(StepOf(path));
        }

        if (recognized.Count == 0) return 0;
        using (Checkpoint.LoadGenerator(checkpoints)) { }
        return recognized.Max(StepOf);
    }

    private static IEnumerable<string> Recognized(string checkpoints) =>
        Directory.Exists(checkpoints) ? Directory.EnumerateFiles(checkpoints, CheckpointPattern) : [];

    private static IEnumerable<string> Temporaries(string checkpoints) =>
        Directory.Exists(checkpoints) ? Directory.EnumerateFiles(checkpoints, ".*.tmp") : [];

    private static long StepOf(string path) =>
        long.Parse(Path.GetFileNameWithoutExtension(path)["step-".Length..], NumberStyles.None, CultureInfo.InvariantCulture);
}
