namespace GanKit.Training;

/// <summary>Thrown when a loss or a gradient becomes NaN or infinite; training stops instead of continuing on garbage weights.</summary>
public sealed class TrainingDivergedException : GanKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="step">The step at which the loss stopped being finite.</param>
    /// <param name="detail">Which loss, and what was tried.</param>
    public TrainingDivergedException(long step, string detail)
        : base($"Training diverged at step {step}: {detail}") => Step = step;

    /// <summary>The step at which the loss stopped being finite.</summary>
    public long Step { get; }
}
