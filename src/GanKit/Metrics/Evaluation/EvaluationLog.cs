using Microsoft.Extensions.Logging;

namespace GanKit.Metrics;

internal static partial class EvaluationLog
{
    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Step {Step}: {Summary} ({Seconds:F1} s)")]
    public static partial void StepEvaluated(ILogger logger, long step, string summary, double seconds);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "Evaluating with feature spaces [{Spaces}]{Classifier}")]
    public static partial void Chosen(ILogger logger, string spaces, string classifier);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "Pretrained features are skipped: {Reason}")]
    public static partial void PretrainedSkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 605, Level = LogLevel.Warning,
        Message = "{Space}: KID subsets of {Requested} vectors need {Requested} per set, but {Real} real and {Generated} generated vectors are kept; using subsets of {Used}")]
    public static partial void KidSubsetShrunk(ILogger logger, string space, int requested, long real, long generated, int used);

    [LoggerMessage(EventId = 606, Level = LogLevel.Warning,
        Message = "The real-vs-real floor is skipped: it needs {Needed} real samples outside the {Reference} reference samples, but the data set holds {Count} in all")]
    public static partial void FloorSkipped(ILogger logger, long needed, long reference, long count);

    [LoggerMessage(EventId = 607, Level = LogLevel.Information, Message = "Feature matrices written to {Directory}")]
    public static partial void FeaturesSaved(ILogger logger, string directory);

    [LoggerMessage(EventId = 604, Level = LogLevel.Information, Message = "The 2D data is the {Mixture} mixture")]
    public static partial void MixtureDetected(ILogger logger, string mixture);
}
