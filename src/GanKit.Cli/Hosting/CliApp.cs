using System.CommandLine;
using System.CommandLine.Help;
using GanKit.Cli.Commands;
using Spectre.Console;

namespace GanKit.Cli.Hosting;

/// <summary>
/// Builds the command tree and runs it, turning errors into the tool's contract: user errors (bad flags, unreadable
/// or corrupt files, impossible sizes, CUDA without a CUDA build) print one line on stderr and exit 2; unexpected
/// failures exit 1, with the stack trace only behind --verbose.
/// </summary>
internal static class CliApp
{
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Show stack traces and debug logs.", Recursive = true };

    public static async Task<int> RunAsync(string[] args)
    {
        // A plain command named like the tool, not RootCommand: that one is named after the assembly (GanKit.Cli), and
        // usage lines must show what users type.
        var root = new Command("gankit", "gankit: train GANs, sample, evaluate and stylize images, on TorchSharp.")
        {
            TrainCommand.Create(),
            SampleCommand.Create(),
            EvaluateCommand.Create(),
            ExportCommand.Create(),
            StylizeCommand.Create(),
            DemoCommand.Create(),
        };
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption { Action = new VersionInfo() });
        root.Options.Add(Verbose);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"gankit: {error.Message}");
            Console.Error.WriteLine("Run 'gankit --help' for usage.");
            return ExitCodes.UserError;
        }

        bool verbose = parse.GetValue(Verbose);
        try
        {
            // Our own handler below maps exceptions to the exit-code contract; the library's would print a trace and exit 1.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            Console.Error.WriteLine($"gankit: {OneLine(ex.Message)}");
            if (verbose) Console.Error.WriteLine(ex);
            return ExitCodes.UserError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("gankit: cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"gankit: unexpected error: {OneLine(ex.Message)}");
            if (verbose) Console.Error.WriteLine(ex);
            else Console.Error.WriteLine("Run again with --verbose for the stack trace.");
            return ExitCodes.UnexpectedFailure;
        }
    }

    private static bool IsUserError(Exception ex) =>
        ex is UserErrorException or GanKitException or Metrics.MetricInputException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException;

    private static string OneLine(string message) => string.Join(" ", message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    public static void Info(string markup) => AnsiConsole.MarkupLine(markup);
}
