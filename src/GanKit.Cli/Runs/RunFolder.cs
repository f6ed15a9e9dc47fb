using GanKit.Checkpoints;
using GanKit.Cli.Hosting;
using GanKit.Models;

namespace GanKit.Cli.Runs;

/// <summary>What --run names: a run folder written by `gankit train`, or one checkpoint file.</summary>
internal static class RunFolder
{
    public const string CheckpointsFolder = "checkpoints";

    /// <summary>The checkpoint file, or the run's checkpoints folder (the library picks its newest checkpoint).</summary>
    public static string CheckpointPath(string run)
    {
        if (File.Exists(run)) return run;
        if (!Directory.Exists(run)) throw new UserErrorException($"--run '{run}' is neither a run folder nor a checkpoint file.");
        var checkpoints = Path.Combine(run, CheckpointsFolder);
        if (!Directory.Exists(checkpoints))
            throw new UserErrorException($"--run '{run}' has no '{CheckpointsFolder}' folder; train it first ('gankit train --out {run} ...') or name a checkpoint file.");
        return checkpoints;
    }

    /// <summary>Loads the run's (EMA) generator; the CLI can rebuild GanKit's built-in networks only.</summary>
    /// <param name="run">What --run names.</param>
    /// <param name="checkpoint">The checkpoint file or folder already resolved from it, or null to resolve it here.</param>
    public static Generator LoadGenerator(string run, string? checkpoint = null)
    {
        var path = checkpoint ?? CheckpointPath(run);
        if (!Checkpoint.ReadInfo(path).HasBuiltInGenerator)
            throw new UserErrorException($"--run '{run}' holds a generator module of your own, which gankit cannot rebuild; " +
                                         "load it from code with Checkpoint.LoadGenerator(path, factory).");
        return Checkpoint.LoadGenerator(path);
    }
}
