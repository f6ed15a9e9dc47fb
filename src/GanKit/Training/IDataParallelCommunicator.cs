namespace GanKit.Training;

/// <summary>
/// The few collective operations data-parallel training needs, over a group of processes (ranks) that each run the
/// same training loop on their own shard of every batch. GanKit.Distributed implements it on MPI
/// (<c>MpiCommunicator</c>); core GanKit only calls it, so users who train in one process never load an MPI library.
/// Every rank must make the same calls in the same order (they are collective).
/// </summary>
public interface IDataParallelCommunicator
{
    /// <summary>This process's rank, 0 to <see cref="Size"/> - 1. Rank 0 writes checkpoints, samples, logs and evaluations.</summary>
    int Rank { get; }

    /// <summary>The number of ranks.</summary>
    int Size { get; }

    /// <summary>Replaces <paramref name="buffer"/> on every rank with the element-wise sum over all ranks.</summary>
    /// <param name="buffer">This rank's values; the sums on return.</param>
    void AllReduceSum(Span<float> buffer);

    /// <summary>Replaces <paramref name="buffer"/> on every rank with the element-wise sum over all ranks.</summary>
    /// <param name="buffer">This rank's values; the sums on return.</param>
    void AllReduceSum(Span<double> buffer);

    /// <summary>Copies <paramref name="buffer"/> of rank <paramref name="root"/> into the same-sized buffer of every other rank.</summary>
    /// <param name="buffer">The data on the root; overwritten on the others.</param>
    /// <param name="root">The rank that sends.</param>
    void Broadcast(Span<byte> buffer, int root);

    /// <summary>Returns once every rank has called it.</summary>
    void Barrier();
}
