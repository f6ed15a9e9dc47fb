using Microsoft.Extensions.Logging;

namespace GanKit.StyleTransfer.Logging;

/// <summary>Source-generated log messages of the stylizer.</summary>
internal static partial class StyleTransferLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Style transfer started: {Width}x{Height} output, {ScaleCount} scale(s), {StyleCount} style(s), network {Network}, optimizer {Optimizer} x{Iterations}, colours {ColorPreservation}")]
    public static partial void RunStarted(ILogger logger, int width, int height, int scaleCount, int styleCount, string network,
        string optimizer, int iterations, ColorPreservation colorPreservation);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Scale {Scale}/{ScaleCount}: {Width}x{Height}, style images {StyleSizes}")]
    public static partial void ScaleStarted(ILogger logger, int scale, int scaleCount, int width, int height, string styleSizes);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Trace,
        Message = "Scale {Scale} iteration {Iteration}: total {Total:G5} (content {Content:G5}, style {Style:G5}, tv {TotalVariation:G5}), {Evaluations} evaluations")]
    public static partial void Iteration(ILogger logger, int scale, int iteration, double total, double content, double style,
        double totalVariation, int evaluations);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug,
        Message = "Scale {Scale} done: {Iterations} iterations, {Evaluations} evaluations in {Seconds:F1} s{Converged}")]
    public static partial void ScaleFinished(ILogger logger, int scale, int iterations, int evaluations, double seconds, string converged);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information,
        Message = "Style transfer finished: {Iterations} iterations, {Evaluations} evaluations in {Seconds:F1} s, final loss {Total:G5}")]
    public static partial void RunFinished(ILogger logger, int iterations, int evaluations, double seconds, double total);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning,
        Message = "Style transfer cancelled at scale {Scale}, iteration {Iteration}; returning the best image so far")]
    public static partial void RunCancelled(ILogger logger, int scale, int iteration);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning,
        Message = "Skipped {Skipped} coarse scale(s) whose shorter side would be under {MinimumSide} px")]
    public static partial void ScalesSkipped(ILogger logger, int skipped, int minimumSide);
}
