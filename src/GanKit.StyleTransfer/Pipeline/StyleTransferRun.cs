using System.Diagnostics;
using GanKit.Features;
using GanKit.Imaging;
using GanKit.Runtime;
using GanKit.StyleTransfer.Colors;
using GanKit.StyleTransfer.Logging;
using GanKit.StyleTransfer.Scaling;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Pipeline;

/// <summary>One style transfer, coarse to fine. Everything a scale allocates is freed before the next scale starts.</summary>
internal sealed class StyleTransferRun(
    IFeatureNetwork network,
    TapPlan plan,
    StyleTransferOptions options,
    ILogger logger,
    IProgress<StyleTransferProgress>? progress,
    CancellationToken cancellationToken)
{
    private readonly Stopwatch _clock = new();
    private readonly List<StyleTransferIteration> _history = [];
    private readonly List<StyleTransferScale> _scales = [];
    private readonly OptimizationSpace _space = new(options.ColorPreservation == ColorPreservation.Luminance);
    private IReadOnlyList<int> _iterations = [];
    private Tensor _contentRgb = null!;

    public StyleTransferResult Execute(Tensor contentImage, IReadOnlyList<(Tensor Image, double Weight)> styleImages)
    {
        TorchRuntime.EnsureLoaded();
        _clock.Start();
        using var scope = NewDisposeScope();
        var content = InputImages.PrepareRgb(contentImage, "content");
        _contentRgb = content;
        var styles = styleImages.Select((s, i) => (Image: InputImages.PrepareRgb(s.Image, $"style {i + 1}"), s.Weight)).ToList();

        var output = ScaleSchedule.OutputSize((int)content.shape[1], (int)content.shape[2], options.MaxSize);
        if (Math.Min(output.Height, output.Width) < InputImages.MinimumSide)
            throw new ArgumentException($"At a maximum size of {options.MaxSize} px the {content.shape[2]}×{content.shape[1]} content becomes " +
                                        $"{output.Width}×{output.Height}; both sides must be at least {InputImages.MinimumSide} pixels.", nameof(contentImage));
        var sizes = ScaleSchedule.Sizes(output, options.Scales, options.ScaleFactor, options.MinimumScaleSize);
        _iterations = ScaleSchedule.Iterations(sizes.Count, options.ScaleIterations, options.Optimizer.Iterations);
        if (sizes.Count < options.Scales) StyleTransferLog.ScalesSkipped(logger, options.Scales - sizes.Count, ScaleSchedule.MinimumCoarseSide);
        StyleTransferLog.RunStarted(logger, output.Width, output.Height, sizes.Count, styles.Count, network.Name,
            options.Optimizer.Name, options.Optimizer.Iterations, options.ColorPreservation);

        if (options.ColorPreservation == ColorPreservation.HistogramMatch)
            styles = styles.Select(s => (ColorStatisticsMatching.Match(s.Image, content), s.Weight)).ToList();

        // The colours of the styles, blended by weight, for the optional colour transfer of the start and the result.
        var styleColors = options.ColorPreservation == ColorPreservation.None ? options.StyleColors : StyleColorMatch.None;
        var colorTargets = styles.Select(s =>
        {
            var size = ScaleSchedule.StyleSize((int)s.Image.shape[1], (int)s.Image.shape[2], output, 1);
            return (Image: ImageTransforms.Resize(s.Image, size.Height, size.Width), s.Weight);
        }).ToList();

        var space = _space;
        var contentSpace = space.Content(content);
        var styleSpaces = styles.Select(s => (Image: space.Style(s.Image, contentSpace), s.Weight)).ToList();

        Tensor? current = null;
        bool cancelled = false;
        try
        {
            for (int i = 0; i < sizes.Count && !cancelled; i++)
            {
                if (i == 0 && styleColors != StyleColorMatch.None && options.Init == StyleInit.Content)
                {
                    // Starting from the content already in the style's palette leaves the optimizer only the texture to paint.
                    using var start = ImageTransforms.Resize(contentSpace, sizes[0].Height, sizes[0].Width);
                    current = MatchColors(start, colorTargets, styleColors).unsqueeze(0).DetachFromDisposeScope();
                }

                var next = RunScale(i + 1, sizes.Count, sizes[i], contentSpace, styleSpaces, current, out cancelled);
                current?.Dispose();
                current = next;
            }

            using var final = current!.squeeze(0);
            var sized = final.shape[1] == output.Height && final.shape[2] == output.Width
                ? final.alias()
                : ImageTransforms.Resize(final, output.Height, output.Width);
            var contentAtOutput = ImageTransforms.Resize(content, output.Height, output.Width);
            var rgb = space.ToRgb(sized, contentAtOutput).to(CPU).contiguous();
            if (styleColors != StyleColorMatch.None && !cancelled) rgb = MatchColors(rgb, colorTargets, styleColors);

            _clock.Stop();
            if (cancelled) StyleTransferLog.RunCancelled(logger, _scales.Count, _scales.Count == 0 ? 0 : _scales[^1].Iterations);
            var result = new StyleTransferResult(rgb.MoveToOuterDisposeScope(), _history.ToArray(), _scales.ToArray(), _clock.Elapsed, cancelled);
            StyleTransferLog.RunFinished(logger, result.Iterations, result.FunctionEvaluations, _clock.Elapsed.TotalSeconds,
                result.FinalLosses?.Total ?? double.NaN);
            return result;
        }
        finally
        {
            current?.Dispose();
        }
    }

    /// <summary>Optimizes one scale; returns its image <c>[1,C,h,w]</c> outside any dispose scope.</summary>
    private Tensor RunScale(int scale, int scaleCount, (int Height, int Width) size, Tensor contentSpace,
        IReadOnlyList<(Tensor Image, double Weight)> styleSpaces, Tensor? previous, out bool cancelled)
    {
        var scaleClock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var device = network.Device;
        var content = ImageTransforms.Resize(contentSpace, size.Height, size.Width).unsqueeze(0).to(device);
        var styles = styleSpaces.Select(s =>
        {
            var styleSize = ScaleSchedule.StyleSize((int)s.Image.shape[1], (int)s.Image.shape[2], size, options.StyleScale);
            return (Image: ImageTransforms.Resize(s.Image, styleSize.Height, styleSize.Width).unsqueeze(0).to(device), s.Weight);
        }).ToList();
        StyleTransferLog.ScaleStarted(logger, scale, scaleCount, size.Width, size.Height,
            string.Join(", ", styles.Select(s => $"{s.Image.shape[3]}x{s.Image.shape[2]}")));

        var start = previous is null
            ? Initial(content, styles, size)
            : ImageTransforms.Resize(previous.to(device), size.Height, size.Width).clamp(0, 1);
        if (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
            _scales.Add(new StyleTransferScale(scale, size.Width, size.Height, 0, 0, scaleClock.Elapsed, false));
            return start.detach().clone().DetachFromDisposeScope();
        }

        using var objective = new ScaleObjective(network, plan, options, _space, content, styles, cancellationToken);
        var minimizer = options.Optimizer.CreateMinimizer(_iterations[scale - 1]);
        var outcome = minimizer.Minimize(start, objective.Evaluate, (iteration, losses, evaluations) =>
        {
            var entry = new StyleTransferIteration(scale, iteration, losses, EvaluationsBefore() + evaluations, _clock.Elapsed);
            _history.Add(entry);
            StyleTransferLog.Iteration(logger, scale, iteration, losses.Total, losses.Content, losses.Style, losses.TotalVariation, entry.FunctionEvaluations);
            progress?.Report(new StyleTransferProgress(scale, scaleCount, size.Width, size.Height, iteration,
                _iterations[scale - 1], losses, entry.FunctionEvaluations, _clock.Elapsed));
        }, cancellationToken);

        _scales.Add(new StyleTransferScale(scale, size.Width, size.Height, outcome.Iterations, outcome.FunctionEvaluations, scaleClock.Elapsed, outcome.Converged));
        StyleTransferLog.ScaleFinished(logger, scale, outcome.Iterations, outcome.FunctionEvaluations, scaleClock.Elapsed.TotalSeconds,
            outcome.Converged ? " (converged)" : "");
        cancelled = outcome.Cancelled;
        ReportSnapshot(scale, scaleCount, outcome.Image);
        return outcome.Image;
    }

    // Only a progress that asks for images gets them: turning the optimized pixels into RGB costs a copy per scale.
    private void ReportSnapshot(int scale, int scaleCount, Tensor image)
    {
        if (progress is not IProgress<StyleTransferSnapshot> snapshots) return;
        using var scope = NewDisposeScope();
        var optimized = image.detach().squeeze(0);
        var contentRgb = ImageTransforms.Resize(_contentRgb, (int)optimized.shape[1], (int)optimized.shape[2]);
        var rgb = _space.ToRgb(optimized, contentRgb).to(CPU).contiguous();
        snapshots.Report(new StyleTransferSnapshot(scale, scaleCount, _history.Count, rgb));
    }

    private Tensor MatchColors(Tensor image, IReadOnlyList<(Tensor Image, double Weight)> targets, StyleColorMatch match)
    {
        if (match == StyleColorMatch.Distribution) return ColorDistributionTransfer.Transfer(image, targets, seed: options.Seed);
        using var scope = NewDisposeScope();
        var used = targets.Where(t => t.Weight > 0).ToArray();
        var palette = used.Length == 1 ? used[0].Image : cat(used.Select(t => t.Image.reshape(3, 1, -1)).ToArray(), 2);
        return ColorStatisticsMatching.Match(image, palette).MoveToOuterDisposeScope();
    }

    private int EvaluationsBefore() => _scales.Sum(s => s.FunctionEvaluations);

    private Tensor Initial(Tensor content, IReadOnlyList<(Tensor Image, double Weight)> styles, (int Height, int Width) size)
    {
        switch (options.Init)
        {
            case StyleInit.Noise:
                using (var generator = Seeding.CreateGenerator(options.Seed, "style-transfer-noise"))
                    return rand(content.shape, generator: generator, dtype: ScalarType.Float32).to(content.device);
            case StyleInit.Style:
                var first = styles.Where(s => s.Weight > 0).Select(s => s.Image).DefaultIfEmpty(styles[0].Image).First();
                return ImageTransforms.Resize(first, size.Height, size.Width);
            default:
                return content.clone();
        }
    }
}
