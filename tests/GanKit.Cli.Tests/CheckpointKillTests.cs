using System.Diagnostics;
using System.Globalization;
using System.Text;
using GanKit.Checkpoints;
using Xunit.Abstractions;

namespace GanKit.Cli.Tests;

/// <summary>
/// Kill safety at process level: `gankit train` is SIGKILLed (Process.Kill on Linux) while it writes a checkpoint every
/// step, then the run folder must hold only checkpoints that load, and --resume must finish the run. The test hook
/// GANKIT_TEST_CHECKPOINT_WRITE_DELAY_MS (CheckpointFile) holds every write halfway for a while, with half the file on
/// disk, so most kills are certain to land mid-write (the rest are timed from start-up and resume).
/// </summary>
public sealed class CheckpointKillTests(ITestOutputHelper output) : IDisposable
{
    // The checkpoint store's listing (CheckpointStore.List): what `--resume`, `sample` and `evaluate` take for a checkpoint.
    private const string CheckpointPattern = "step-*" + Checkpoint.Extension;
    private const string WriteDelayVariable = "GANKIT_TEST_CHECKPOINT_WRITE_DELAY_MS";
    private const int WriteDelayMs = 1000;
    private const int MinKills = 4;   // always reached, however slow the machine: the loop does not stop on time before
    private const int MaxKills = 8;   // the hard cap
    private static readonly TimeSpan KillBudget = TimeSpan.FromSeconds(20); // more kills (up to MaxKills) while within it

    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Killing_train_while_it_writes_checkpoints_leaves_only_checkpoints_that_load_and_resume_finishes()
    {
        var run = Path.Combine(_dir, "run");
        var checkpoints = Path.Combine(run, "checkpoints");
        var random = new Random(20261202);
        var environment = new Dictionary<string, string> { [WriteDelayVariable] = WriteDelayMs.ToString(CultureInfo.InvariantCulture) };
        var budget = Stopwatch.StartNew();
        int kills = 0, killsWithCheckpoint = 0, killsInStartup = 0;
        var partialsLeft = new List<string>();
        long newest = 0;

        while (kills < MinKills || (kills < MaxKills && (partialsLeft.Count == 0 || budget.Elapsed < KillBudget)))
        {
            var stderr = new StringBuilder();
            bool resume = File.Exists(Path.Combine(run, "run.json"));
            using var process = CliRunner.Start(stderr, environment, Train(run, targetStep: 1_000_000, resume));

            // Every third kill is timed from start-up (loading, resuming); the others land inside a held write, after
            // this run has completed one checkpoint of its own (so completed checkpoints keep advancing).
            bool duringStartup = kills % 3 == 2;
            string? partial = null;
            if (duringStartup) Thread.Sleep(random.Next(2500));
            else
            {
                WaitForCheckpointAfter(checkpoints, newest, process, stderr);
                partial = WaitForTemporaryOf(process, checkpoints, stderr);
                Thread.Sleep(random.Next(WriteDelayMs / 2)); // a random moment of the held write, with margin for a slow kill
            }

            process.HasExited.Should().BeFalse("train should still be running; stderr:\n{0}", stderr);
            bool hadCheckpoint = Recognized(checkpoints).Any();
            process.Kill();
            process.WaitForExit();
            kills++;
            if (hadCheckpoint) killsWithCheckpoint++;
            if (duringStartup) killsInStartup++;

            // If the temporary is gone, the write finished before the kill (a badly overloaded machine): an ordinary kill.
            if (partial is not null && File.Exists(partial))
            {
                // The kill landed mid-write: the killed process's temporary is still there, and it is not a checkpoint.
                Recognized(checkpoints).Should().NotContain(partial, "the store's listing never takes a temporary for a checkpoint");
                FluentActions.Invoking(() => Checkpoint.ReadInfo(partial)).Should().Throw<CheckpointCorruptedException>("the temporary holds half a checkpoint");
                partialsLeft.Add(partial);
            }

            long step = VerifyFolder(checkpoints);
            step.Should().BeGreaterThanOrEqualTo(newest, "a kill never takes away a completed checkpoint");
            newest = step;
        }

        output.WriteLine($"{kills} kills in {budget.Elapsed.TotalSeconds:F1} s ({killsInStartup} timed from start-up, {partialsLeft.Count} inside a held write); " +
                         $"{killsWithCheckpoint} after ≥1 checkpoint existed; newest checkpoint at step {newest}; " +
                         $"temporaries left before the final resume: {Temporaries(checkpoints).Count()}");
        partialsLeft.Should().NotBeEmpty("kills must be shown to land mid-write");
        newest.Should().BeGreaterThan(0, "each mid-write kill waits for a completed checkpoint first");

        long target = newest + 3;
        var finish = CliRunner.Run(Train(run, target, resume: true));
        finish.ExitCode.Should().Be(0, finish.StdErr);
        VerifyFolder(checkpoints).Should().Be(target, "--resume continues to the target step");
        partialsLeft.Where(File.Exists).Should().BeEmpty("the partial files of killed writes are removed by the next run");
        Temporaries(checkpoints).Should().BeEmpty("the temporary files of killed writes are removed, not left to pile up");
    }

    /// <summary>Waits until the process has a checkpoint temporary open (its id is in the name) and returns its path.</summary>
    private static string WaitForTemporaryOf(Process process, string checkpoints, StringBuilder stderr)
    {
        var killedId = "." + process.Id.ToString(CultureInfo.InvariantCulture) + ".";
        var timeout = Stopwatch.StartNew();
        while (true)
        {
            var temp = Temporaries(checkpoints).FirstOrDefault(t => Path.GetFileName(t).Contains(killedId, StringComparison.Ordinal));
            if (temp is not null) return temp;
            process.HasExited.Should().BeFalse("train should be writing checkpoints; stderr:\n{0}", stderr);
            timeout.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "train should start a checkpoint write within a minute");
            Thread.Sleep(5);
        }
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
