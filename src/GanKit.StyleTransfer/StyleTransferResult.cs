using static TorchSharp.torch;

namespace GanKit.StyleTransfer;

/// <summary>
/// The outcome of a style transfer: the image, the loss history and timings. The result owns <see cref="Image"/>;
/// dispose the result (or the image) to free it.
/// </summary>
public sealed class StyleTransferResult : IDisposable
{
    internal StyleTransferResult(Tensor image, IReadOnlyList<StyleTransferIteration> history, IReadOnlyList<StyleTransferScale> scales,
        TimeSpan elapsed, bool stoppedEarly)
    {
        Image = image;
        History = history;
        Scales = scales;
        Elapsed = elapsed;
        StoppedEarly = stoppedEarly;
    }

    /// <summary>
    /// The stylized image, RGB <c>[3,H,W]</c> in [0, 1] on the CPU, at the output size (the content's size limited by
    /// the maximum size). Always three channels, also for grayscale inputs. When the run was stopped early this is the
    /// best image so far, resized to the output size if the stop came at a coarser scale.
    /// </summary>
    public Tensor Image { get; }

    /// <summary>The losses after every iteration, scale by scale.</summary>
    public IReadOnlyList<StyleTransferIteration> History { get; }

    /// <summary>Per-scale sizes, iteration counts, evaluations and times.</summary>
    public IReadOnlyList<StyleTransferScale> Scales { get; }

    /// <summary>Total wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Whether a <see cref="Runtime.StopSource"/> ended the run early (the image is then the best so far).</summary>
    public bool StoppedEarly { get; }

    /// <summary>Iterations completed over all scales.</summary>
    public int Iterations => Scales.Sum(s => s.Iterations);

    /// <summary>Forward and backward passes over all scales (L-BFGS line searches spend more than one per iteration).</summary>
    public int FunctionEvaluations => Scales.Sum(s => s.FunctionEvaluations);

    /// <summary>The losses after the last completed iteration, or null when no iteration completed.</summary>
    public StyleLosses? FinalLosses => History.Count == 0 ? null : History[^1].Losses;

    /// <summary>Frees the image.</summary>
    public void Dispose() => Image.Dispose();
}
