using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GanKit.Cli.Hosting;

internal static class ConsoleLogging
{
    /// <summary>Warnings and errors on stderr (progress bars own stdout); everything with --verbose.</summary>
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(b => b
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
        .AddFilter(level => level >= (verbose ? LogLevel.Debug : LogLevel.Warning))
        .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
