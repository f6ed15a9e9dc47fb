using Microsoft.Extensions.Logging;

namespace GanKit.Metrics;

internal static partial class EvaluationLog
{
    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Step {Step}: {Summary} ({Seconds:F1} s)")]
    public static partial void StepEvaluated(ILogger logger, long step, string summary, double seconds);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "Evaluating with feature spaces [{Spaces}]{Classifier}")]
    public static partial void Chosen(ILogger logger, string spaces, string classifier);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "ResNet18 features are skipped: {Reason}")]
    public static partial void ResNetSkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 604, Level = LogLevel.Information, Message = "The 2D data is the {Mixture} mixture")]
    public static partial void MixtureDetected(ILogger logger, string mixture);
}
