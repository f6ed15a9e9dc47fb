using GanKit.Training;

namespace GanKit.TensorBoard;

/// <summary>TensorBoard for <see cref="GanTrainerBuilder"/>.</summary>
public static class TensorBoardTrainerExtensions
{
    /// <summary>
    /// Writes the training to TensorBoard through <paramref name="logger"/>, on the training thread. The logger stays the
    /// caller's: dispose it after training. For evaluation metrics too, pass the same logger as the progress of
    /// <see cref="Metrics.TrainerEvaluationExtensions.EvaluateEvery"/>.
    /// </summary>
    /// <param name="builder">The trainer builder.</param>
    /// <param name="logger">The logger, e.g. <c>new TensorBoardLogger("runs/exp1")</c>.</param>
    /// <returns>The builder.</returns>
    public static GanTrainerBuilder WithTensorBoard(this GanTrainerBuilder builder, TensorBoardLogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(logger);
        // Every step, so the logger sees the first step trained (its restart marker); it applies its own intervals.
        return builder.OnStep(1, logger.OnStep);
    }
}
