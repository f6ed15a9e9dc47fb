using Microsoft.Extensions.Logging;

namespace GanKit.Training;

internal static partial class TrainerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Training from step {Start} to {Target}: G {GeneratorParameters:N0} parameters, D {DiscriminatorParameters:N0}, loss {Loss}, batch {BatchSize}, device {Device}")]
    public static partial void TrainingStarted(ILogger logger, long start, long target, long generatorParameters, long discriminatorParameters, string loss, int batchSize, string device);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Step {Step}: D loss {DiscriminatorLoss:F4}, G loss {GeneratorLoss:F4}, D(real) {RealScore:F3}, D(fake) {FakeScore:F3}, penalty {Penalty:F4}, {StepsPerSecond:F1} steps/s")]
    public static partial void StepCompleted(ILogger logger, long step, double discriminatorLoss, double generatorLoss, double realScore, double fakeScore, double penalty, double stepsPerSecond);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Checkpoint at step {Step} written to {Path}")]
    public static partial void CheckpointWritten(ILogger logger, long step, string path);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Resumed from {Path} at step {Step}")]
    public static partial void Resumed(ILogger logger, string path, long step);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Step {Step}: D update skipped (loss {DiscriminatorLoss:F4} below the floor {Floor})")]
    public static partial void DiscriminatorSkipped(ILogger logger, long step, double discriminatorLoss, double floor);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Step {Step}: {Detail}")]
    public static partial void Diverged(ILogger logger, long step, string detail);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Step {Step}: a loss or gradient was not finite; rolled back to {Path} (step {RestoredStep}), rollback {Count}")]
    public static partial void RolledBack(ILogger logger, long step, string path, long restoredStep, int count);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Training cancelled after step {Step}")]
    public static partial void Cancelled(ILogger logger, long step);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Training finished at step {Step} in {Elapsed} ({StepsPerSecond:F1} steps/s)")]
    public static partial void Completed(ILogger logger, long step, TimeSpan elapsed, double stepsPerSecond);
}
