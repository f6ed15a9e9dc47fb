using GanKit.Features;
using GanKit.Imaging;
using GanKit.Runtime;
using GanKit.StyleTransfer.Pipeline;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer;

/// <summary>
/// Neural style transfer by optimization (Gatys et al.): the pixels of an image are optimized so that a frozen
/// network's features stay close to the content image's (content loss) while their Gram matrices match the style
/// images' (style loss), with a little total variation against speckle. Create one with <see cref="CreateBuilder"/>.
/// </summary>
/// <remarks>
/// Runs on one instance are serialized (a second call waits for the first); create several stylizers to run in
/// parallel. A stylizer that owns its feature network disposes it when disposed.
/// </remarks>
public sealed class StyleTransferOptimizer : IDisposable
{
    private readonly bool _ownsNetwork;
    private readonly TapPlan _plan;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    internal StyleTransferOptimizer(IFeatureNetwork network, bool ownsNetwork, StyleTransferOptions options, TapPlan plan, ILoggerFactory loggerFactory)
    {
        FeatureNetwork = network;
        _ownsNetwork = ownsNetwork;
        Options = options;
        _plan = plan;
        _logger = loggerFactory.CreateLogger<StyleTransferOptimizer>();
    }

    /// <summary>Starts configuring a stylizer.</summary>
    /// <returns>A builder with the default preset.</returns>
    public static StyleTransferOptimizerBuilder CreateBuilder() => new();

    /// <summary>The validated settings.</summary>
    public StyleTransferOptions Options { get; }

    /// <summary>The feature network in use.</summary>
    public IFeatureNetwork FeatureNetwork { get; }

    /// <summary>The content taps and weights in use (after defaults were applied).</summary>
    public IReadOnlyDictionary<string, double> ContentTaps => _plan.ContentTaps;

    /// <summary>The style taps and weights in use (after defaults were applied).</summary>
    public IReadOnlyDictionary<string, double> StyleTaps => _plan.StyleTaps;

    /// <summary>Stylizes <paramref name="content"/> with one style image.</summary>
    /// <param name="content">RGB <c>[3,H,W]</c> or grayscale <c>[1,H,W]</c> in [0, 1], e.g. from <see cref="ImageReader"/>. Not modified.</param>
    /// <param name="style">The style image, same format.</param>
    /// <param name="progress">Receives a report after every iteration; if it also implements <see cref="IProgress{T}"/> of <see cref="StyleTransferSnapshot"/> (as <see cref="StyleTransferTensorBoard"/> does), the image at the end of every scale too.</param>
    /// <param name="cancellationToken">Abandons the run promptly: the task throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="stop">Ends the run promptly with the best image so far (<see cref="StyleTransferResult.StoppedEarly"/>).</param>
    /// <returns>The result; dispose it to free the image.</returns>
    /// <exception cref="ArgumentException">An image has the wrong shape, is too small, or is not in [0, 1].</exception>
    public Task<StyleTransferResult> StylizeAsync(Tensor content, Tensor style, IProgress<StyleTransferProgress>? progress = null,
        CancellationToken cancellationToken = default, StopSource? stop = null)
    {
        ArgumentNullException.ThrowIfNull(style);
        return StylizeAsync(content, [(style, 1.0)], progress, cancellationToken, stop);
    }

    /// <summary>Stylizes <paramref name="content"/> with several style images whose Gram targets are blended by weight.</summary>
    /// <param name="content">RGB <c>[3,H,W]</c> or grayscale <c>[1,H,W]</c> in [0, 1]. Not modified.</param>
    /// <param name="styles">Style images and their weights (≥ 0, at least one positive; they need not sum to 1).</param>
    /// <param name="progress">Receives a report after every iteration; if it also implements <see cref="IProgress{T}"/> of <see cref="StyleTransferSnapshot"/> (as <see cref="StyleTransferTensorBoard"/> does), the image at the end of every scale too.</param>
    /// <param name="cancellationToken">Abandons the run promptly: the task throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="stop">Ends the run promptly with the best image so far (<see cref="StyleTransferResult.StoppedEarly"/>).</param>
    /// <returns>The result; dispose it to free the image.</returns>
    /// <exception cref="ArgumentException">An image has the wrong shape, is too small or not in [0, 1], or the weights are invalid.</exception>
    public Task<StyleTransferResult> StylizeAsync(Tensor content, IEnumerable<(Tensor Image, double Weight)> styles,
        IProgress<StyleTransferProgress>? progress = null, CancellationToken cancellationToken = default, StopSource? stop = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var list = CheckStyles(styles);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return LongRunningWork.Start(() => Stylize(content, list, progress, cancellationToken, stop), cancellationToken);
    }

    /// <summary>Reads the images from files and stylizes the content with one style.</summary>
    /// <param name="contentPath">The content image file.</param>
    /// <param name="stylePath">The style image file.</param>
    /// <param name="progress">Receives a report after every iteration; if it also implements <see cref="IProgress{T}"/> of <see cref="StyleTransferSnapshot"/> (as <see cref="StyleTransferTensorBoard"/> does), the image at the end of every scale too.</param>
    /// <param name="cancellationToken">Abandons the run promptly: it throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="stop">Ends the run promptly with the best image so far (<see cref="StyleTransferResult.StoppedEarly"/>).</param>
    /// <returns>The result; dispose it to free the image.</returns>
    /// <exception cref="InvalidImageException">A file is missing, empty, corrupt, not an image or over the load limits.</exception>
    public Task<StyleTransferResult> StylizeAsync(string contentPath, string stylePath, IProgress<StyleTransferProgress>? progress = null,
        CancellationToken cancellationToken = default, StopSource? stop = null)
    {
        ArgumentNullException.ThrowIfNull(stylePath);
        return StylizeAsync(contentPath, [(stylePath, 1.0)], progress, cancellationToken, stop);
    }

    /// <summary>Reads the images from files and stylizes the content with several weighted styles.</summary>
    /// <param name="contentPath">The content image file.</param>
    /// <param name="styles">Style image files and their weights.</param>
    /// <param name="progress">Receives a report after every iteration; if it also implements <see cref="IProgress{T}"/> of <see cref="StyleTransferSnapshot"/> (as <see cref="StyleTransferTensorBoard"/> does), the image at the end of every scale too.</param>
    /// <param name="cancellationToken">Abandons the run promptly: it throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="stop">Ends the run promptly with the best image so far (<see cref="StyleTransferResult.StoppedEarly"/>).</param>
    /// <returns>The result; dispose it to free the image.</returns>
    /// <exception cref="InvalidImageException">A file is missing, empty, corrupt, not an image or over the load limits.</exception>
    public Task<StyleTransferResult> StylizeAsync(string contentPath, IEnumerable<(string Path, double Weight)> styles,
        IProgress<StyleTransferProgress>? progress = null, CancellationToken cancellationToken = default, StopSource? stop = null)
    {
        ArgumentNullException.ThrowIfNull(contentPath);
        ArgumentNullException.ThrowIfNull(styles);
        var list = styles.ToArray();
        if (list.Any(s => s.Path is null)) throw new ArgumentException("A style path is null.", nameof(styles));
        ObjectDisposedException.ThrowIf(_disposed, this);
        return LongRunningWork.Start(() =>
        {
            // Explicit disposal, not a dispose scope: a scope here would also claim the result's image.
            var loaded = new List<Tensor>();
            try
            {
                var content = ImageReader.Load(contentPath, Options.ImageLoadOptions);
                loaded.Add(content);
                var images = new List<(Tensor, double)>();
                foreach (var (path, weight) in list)
                {
                    var image = ImageReader.Load(path, Options.ImageLoadOptions);
                    loaded.Add(image);
                    images.Add((image, weight));
                }

                return Stylize(content, images, progress, cancellationToken, stop);
            }
            finally
            {
                foreach (var t in loaded) t.Dispose();
            }
        }, cancellationToken);
    }

    /// <summary>The synchronous form of <see cref="StylizeAsync(Tensor, IEnumerable{ValueTuple{Tensor, double}}, IProgress{StyleTransferProgress}?, CancellationToken, StopSource?)"/>: runs on the calling thread.</summary>
    /// <param name="content">RGB <c>[3,H,W]</c> or grayscale <c>[1,H,W]</c> in [0, 1]. Not modified.</param>
    /// <param name="styles">Style images and their weights.</param>
    /// <param name="progress">Receives a report after every iteration; if it also implements <see cref="IProgress{T}"/> of <see cref="StyleTransferSnapshot"/> (as <see cref="StyleTransferTensorBoard"/> does), the image at the end of every scale too.</param>
    /// <param name="cancellationToken">Abandons the run promptly: it throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="stop">Ends the run promptly with the best image so far (<see cref="StyleTransferResult.StoppedEarly"/>).</param>
    /// <returns>The result; dispose it to free the image.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public StyleTransferResult Stylize(Tensor content, IEnumerable<(Tensor Image, double Weight)> styles,
        IProgress<StyleTransferProgress>? progress = null, CancellationToken cancellationToken = default, StopSource? stop = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var list = CheckStyles(styles);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _gate.Wait(CancellationToken.None);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // The run ends early on either token and returns its best image; only a stop keeps it.
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stop?.Token ?? CancellationToken.None);
            var result = new StyleTransferRun(FeatureNetwork, _plan, Options, _logger, progress, ended.Token).Execute(content, list);
            if (cancellationToken.IsCancellationRequested)
            {
                result.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static (Tensor Image, double Weight)[] CheckStyles(IEnumerable<(Tensor Image, double Weight)> styles)
    {
        ArgumentNullException.ThrowIfNull(styles);
        var list = styles.ToArray();
        if (list.Length == 0) throw new ArgumentException("At least one style image is needed.", nameof(styles));
        if (list.Any(s => s.Image is null)) throw new ArgumentException("A style image is null.", nameof(styles));
        if (list.Any(s => !(s.Weight >= 0 && double.IsFinite(s.Weight))))
            throw new ArgumentException("Style weights must be zero or positive and finite.", nameof(styles));
        if (list.All(s => s.Weight == 0)) throw new ArgumentException("At least one style weight must be positive.", nameof(styles));
        return list;
    }

    /// <summary>Disposes the feature network if this stylizer owns it. Waits for a running transfer to finish.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _gate.Wait();
        try
        {
            if (_disposed) return;
            _disposed = true;
            if (_ownsNetwork) FeatureNetwork.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }
}
