using System.Runtime.InteropServices;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Training;

/// <summary>
/// The trainer's side of data parallelism: which slice of every global batch this rank owns, gradient averaging
/// over flattened buckets before each optimizer step, and copying byte blobs (serialized state) from rank 0.
/// </summary>
internal sealed class DataParallel
{
    // Like PyTorch DDP's 25 MB default: large enough that per-call latency is amortized, small enough that the
    // staging copies stay modest. DCGAN-28 (~4.6 M parameters) takes one bucket for D and one for G.
    internal const long BucketElements = 8L << 20;

    private readonly long _bucketElements;

    public DataParallel(IDataParallelCommunicator communicator, long bucketElements = BucketElements)
    {
        Communicator = communicator;
        _bucketElements = bucketElements;
        if (communicator.Size < 1 || communicator.Rank < 0 || communicator.Rank >= communicator.Size)
            throw new ArgumentException($"The communicator reports rank {communicator.Rank} of {communicator.Size}.", nameof(communicator));
    }

    public IDataParallelCommunicator Communicator { get; }

    public int Rank => Communicator.Rank;

    public int Size => Communicator.Size;

    public bool IsRoot => Communicator.Rank == 0;

    /// <summary>This rank's rows of a tensor drawn for the whole global batch (dimension 0 = ranks × per-rank batch).</summary>
    public Tensor Shard(Tensor global)
    {
        long rows = global.shape[0] / Size;
        return global.narrow(0, Rank * rows, rows);
    }

    /// <summary>
    /// Averages the gradients of <paramref name="parameters"/> over all ranks, in buckets of about
    /// <see cref="BucketElements"/> floats: each bucket is one flattened copy, one all-reduce and one copy back.
    /// Parameters without a gradient are left out, as the optimizer leaves them alone: every rank runs the same graph,
    /// so the same ones have none on every rank (creating zeros instead would make Adam move them).
    /// </summary>
    public void AverageGradients(IEnumerable<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        var all = parameters.Where(p => p.requires_grad && p.grad is not null).ToList();
        var bucket = new List<Parameter>();
        long elements = 0;
        foreach (var p in all)
        {
            if (elements > 0 && elements + p.numel() > _bucketElements)
            {
                AverageBucket(bucket, elements);
                bucket.Clear();
                elements = 0;
            }

            bucket.Add(p);
            elements += p.numel();
        }

        if (elements > 0) AverageBucket(bucket, elements);
    }

    private void AverageBucket(List<Parameter> bucket, long elements)
    {
        using var scope = NewDisposeScope();
        var flat = cat(bucket.Select(p => p.grad!.detach().to(float32).reshape(-1).cpu()).ToArray());
        var host = new float[elements];
        flat.data<float>().CopyTo(host);
        Communicator.AllReduceSum(host);
        float inverse = 1f / Size;
        for (int i = 0; i < host.Length; i++) host[i] *= inverse;

        var averaged = tensor(host);
        long offset = 0;
        using (no_grad())
        {
            foreach (var p in bucket)
            {
                long n = p.numel();
                p.grad!.copy_(averaged.narrow(0, offset, n).view_as(p));
                offset += n;
            }
        }
    }

    /// <summary>Averages a few scalars (losses, scores) so every rank takes the same decisions on them.</summary>
    public void AverageScalars(Span<double> values)
    {
        Communicator.AllReduceSum(values);
        for (int i = 0; i < values.Length; i++) values[i] /= Size;
    }

    /// <summary>Rank 0's blob on every rank (the length goes first, so the other ranks need not know it).</summary>
    public byte[] BroadcastBlob(byte[]? rootBlob)
    {
        Span<long> length = [IsRoot ? rootBlob!.Length : 0];
        Communicator.Broadcast(MemoryMarshal.AsBytes(length), 0);
        var blob = IsRoot ? rootBlob! : new byte[length[0]];
        Communicator.Broadcast(blob, 0);
        return blob;
    }

    /// <summary>Rank 0's numbers on every rank.</summary>
    public void BroadcastNumbers(Span<long> values) => Communicator.Broadcast(MemoryMarshal.AsBytes(values), 0);
}
