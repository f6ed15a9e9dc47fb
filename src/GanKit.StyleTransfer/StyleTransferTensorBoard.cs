using GanKit.TensorBoard;

namespace GanKit.StyleTransfer;

/// <summary>
/// Writes a style transfer to TensorBoard: pass it as the <c>progress</c> of <see cref="StyleTransferOptimizer.StylizeAsync(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, IProgress{StyleTransferProgress}?, CancellationToken, Runtime.StopSource?)"/>
/// (or any other overload). After every iteration it writes the weighted losses ("loss/content", "loss/style",
/// "loss/total_variation", "loss/other", "loss/total") and the scale; at the end of every scale the image reached
/// ("image"). The step counts the reports over all scales (each scale's starting point, iteration 0, is one too) and over
/// the runs this sink has seen, so several runs into one sink follow each other.
/// </summary>
public sealed class StyleTransferTensorBoard : IProgress<StyleTransferProgress>, IProgress<StyleTransferSnapshot>, IDisposable
{
    /// <summary>The tag of the content loss.</summary>
    public const string ContentLoss = "loss/content";

    /// <summary>The tag of the style loss.</summary>
    public const string StyleLoss = "loss/style";

    /// <summary>The tag of the total-variation loss.</summary>
    public const string TotalVariationLoss = "loss/total_variation";

    /// <summary>The tag of the user's own loss terms (0 without them).</summary>
    public const string OtherLoss = "loss/other";

    /// <summary>The tag of the objective (the sum of the terms).</summary>
    public const string TotalLoss = "loss/total";

    /// <summary>The tag of the current scale (1 = coarsest), to see where the resolution changes.</summary>
    public const string Scale = "scale";

    /// <summary>The tag of the image at the end of each scale.</summary>
    public const string Image = "image";

    private readonly IProgress<StyleTransferProgress>? _forward;
    private readonly bool _ownsWriter;
    private readonly object _gate = new();
    private long _offset;
    private long _step;
    private int _lastScale;
    private int _lastIteration;

    /// <summary>Logs into a new event file in <paramref name="directory"/>; disposing closes it.</summary>
    /// <param name="directory">The log folder.</param>
    /// <param name="forward">Also receives every iteration's report (e.g. a progress bar); null for none.</param>
    public StyleTransferTensorBoard(string directory, IProgress<StyleTransferProgress>? forward = null)
        : this(new TensorBoardWriter(directory), forward, ownsWriter: true)
    {
    }

    /// <summary>Logs through a writer the caller owns.</summary>
    /// <param name="writer">The writer; not disposed by this sink.</param>
    /// <param name="forward">Also receives every iteration's report; null for none.</param>
    public StyleTransferTensorBoard(TensorBoardWriter writer, IProgress<StyleTransferProgress>? forward = null)
        : this(writer ?? throw new ArgumentNullException(nameof(writer)), forward, ownsWriter: false)
    {
    }

    private StyleTransferTensorBoard(TensorBoardWriter writer, IProgress<StyleTransferProgress>? forward, bool ownsWriter)
    {
        Writer = writer;
        _forward = forward;
        _ownsWriter = ownsWriter;
    }

    /// <summary>The event file writer.</summary>
    public TensorBoardWriter Writer { get; }

    /// <summary>Writes one iteration's losses and scale, then forwards the report.</summary>
    /// <param name="value">The report.</param>
    public void Report(StyleTransferProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        long step;
        lock (_gate)
        {
            // Within a run, (scale, iteration) only grows: when it does not, a new run began; it continues after the
            // previous run's steps.
            if (value.Scale < _lastScale || (value.Scale == _lastScale && value.Iteration <= _lastIteration)) _offset = _step;
            (_lastScale, _lastIteration) = (value.Scale, value.Iteration);
            step = ++_step;
        }

        var losses = value.Losses;
        Writer.AddScalar(ContentLoss, losses.Content, step);
        Writer.AddScalar(StyleLoss, losses.Style, step);
        Writer.AddScalar(TotalVariationLoss, losses.TotalVariation, step);
        Writer.AddScalar(OtherLoss, losses.Other, step);
        Writer.AddScalar(TotalLoss, losses.Total, step);
        Writer.AddScalar(Scale, value.Scale, step);
        Writer.Flush();
        _forward?.Report(value);
    }

    /// <summary>Writes the image reached at the end of a scale, at the step of the scale's last iteration.</summary>
    /// <param name="value">The snapshot.</param>
    public void Report(StyleTransferSnapshot value)
    {
        ArgumentNullException.ThrowIfNull(value);
        long step;
        lock (_gate) step = _offset + value.Reports;
        Writer.AddImage(Image, value.Image, step);
        Writer.Flush();
    }

    /// <summary>Closes the event file if this sink opened it.</summary>
    public void Dispose()
    {
        if (_ownsWriter) Writer.Dispose();
    }
}
