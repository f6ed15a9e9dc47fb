using GanKit.Imaging;
using GanKit.Runtime;
using GanKit.StyleTransfer;
using GanKit.TensorBoard;
using Spectre.Console;
using static TorchSharp.torch;

namespace GanKit.Cli.Runs;

/// <summary>
/// Runs a stylization with a progress bar and writes the PNG. Ctrl+C (the command's token) asks the run to stop
/// early, so the best image so far is still written.
/// </summary>
internal static class StylizeRunner
{
    /// <param name="showProgress">False for --json: no progress bar or messages on stdout, which then holds only the result.</param>
    /// <param name="tensorBoardDirectory">--tensorboard: where to write the losses and each scale's image for TensorBoard too, or null.</param>
    public static async Task<StyleTransferResult> RunAsync(StyleTransferOptimizer stylizer, Tensor content,
        IReadOnlyList<(Tensor Image, double Weight)> styles, string outPath, CancellationToken cancellationToken, bool showProgress = true,
        string? tensorBoardDirectory = null)
    {
        using var tensorBoard = tensorBoardDirectory is null ? null : new TensorBoardWriter(tensorBoardDirectory);
        return await RunAsync(async progress =>
        {
            // Ctrl+C keeps the best image so far: it asks the stylizer to stop rather than abandoning the run.
            using var stop = new StopSource();
            using var onCancel = cancellationToken.Register(stop.RequestStop);
            return await stylizer.StylizeAsync(content, styles,
                tensorBoard is null ? progress : new StyleTransferTensorBoard(tensorBoard, progress), CancellationToken.None, stop);
        }, outPath, showProgress);
    }

    private static async Task<StyleTransferResult> RunAsync(Func<IProgress<StyleTransferProgress>?, Task<StyleTransferResult>> start, string outPath,
        bool showProgress)
    {
        if (!showProgress)
        {
            var quiet = await start(null);
            quiet.Image.SavePng(outPath);
            return quiet;
        }

        StyleTransferResult? result = null;
        await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("stylizing", maxValue: 1);
                var progress = new Progress<StyleTransferProgress>(p =>
                {
                    // Scales may plan different iteration counts (the default does 100 then 50): each gets an equal share.
                    task.MaxValue = p.ScaleCount;
                    task.Value = p.Scale - 1 + Math.Min(1.0, (double)p.Iteration / Math.Max(1, p.Iterations));
                    task.Description = $"scale {p.Scale}/{p.ScaleCount}  iteration {p.Iteration}  loss {p.Losses.Total:G4}";
                });
                result = await start(progress);
                task.Value = task.MaxValue;
            });
        result!.Image.SavePng(outPath);
        AnsiConsole.MarkupLine($"{(result.StoppedEarly ? "Stopped; best image so far" : "Stylized image")} written to [blue]{Markup.Escape(outPath)}[/] " +
                               $"({result.Iterations} iterations in {result.Elapsed.TotalSeconds:F1} s)");
        return result;
    }
}
