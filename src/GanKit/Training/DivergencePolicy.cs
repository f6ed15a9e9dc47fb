namespace GanKit.Training;

/// <summary>What the trainer does when a loss or a gradient becomes NaN or infinite.</summary>
public enum DivergencePolicy
{
    /// <summary>Throw a <see cref="TrainingDivergedException"/> naming the step (the default).</summary>
    Stop,

    /// <summary>
    /// Reload the newest checkpoint, re-seed the sampling stream so the same batch is not replayed, and go on;
    /// after three rollbacks without progress, stop. Needs checkpoints.
    /// </summary>
    RollBackToCheckpoint,
}
