using Microsoft.Extensions.Logging;

namespace GanKit.Metrics;

internal static partial class MetricClassifierLog
{
    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Loaded the metric classifier {Hash} from {Path}")]
    public static partial void Loaded(ILogger logger, string hash, string path);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "Ignoring the cached metric classifier {Path}: {Problem}; training a new one")]
    public static partial void CacheRejected(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 503, Level = LogLevel.Information, Message = "Training the metric classifier {Hash} ({Recipe}) on {Samples:N0} samples for {Steps:N0} steps")]
    public static partial void Training(ILogger logger, string hash, string recipe, long samples, int steps);

    [LoggerMessage(EventId = 504, Level = LogLevel.Information, Message = "Trained the metric classifier {Hash} in {Elapsed}; cached at {Path}")]
    public static partial void Trained(ILogger logger, string hash, TimeSpan elapsed, string? path);
}
