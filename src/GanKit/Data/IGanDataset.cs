using static TorchSharp.torch;

namespace GanKit.Data;

/// <summary>
/// A finite, indexable set of training samples for a GAN: images <c>[C,H,W]</c> scaled to [-1, 1], or plain vectors
/// (e.g. points of a 2D mixture). The trainer draws shuffled, seeded batches of indices and asks for them here.
/// </summary>
public interface IGanDataset
{
    /// <summary>The number of samples.</summary>
    long Count { get; }

    /// <summary>The shape of one sample: <c>[C,H,W]</c> for images, <c>[D]</c> for vectors.</summary>
    IReadOnlyList<long> SampleShape { get; }

    /// <summary>The number of classes when the samples are labelled, otherwise null.</summary>
    int? ClassCount { get; }

    /// <summary>Returns the samples at <paramref name="indices"/> as one batch on the CPU.</summary>
    /// <param name="indices">Sample indices, each in [0, <see cref="Count"/>).</param>
    /// <returns>The batch; the caller owns its tensors.</returns>
    DataBatch GetBatch(ReadOnlySpan<long> indices);
}

/// <summary>A batch of samples and, for labelled data, their class labels.</summary>
/// <param name="Samples"><c>[N, ...SampleShape]</c> float32, images in [-1, 1].</param>
/// <param name="Labels"><c>[N]</c> int64 class indices, or null for unlabelled data.</param>
public sealed record DataBatch(Tensor Samples, Tensor? Labels) : IDisposable
{
    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        Samples.Dispose();
        Labels?.Dispose();
    }
}
