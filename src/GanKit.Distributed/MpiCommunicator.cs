using GanKit.Training;

namespace GanKit.Distributed;

/// <summary>
/// MPI_COMM_WORLD as a <see cref="IDataParallelCommunicator"/> for <see cref="GanTrainerBuilder.WithDataParallel"/>.
/// Start the program with <c>mpirun -np N</c>; create one communicator per process (<see cref="Initialize"/>) and
/// dispose it at the very end (MPI cannot be initialized again in the same process).
/// Calls may come from any one thread at a time (MPI_THREAD_SERIALIZED), e.g. from <see cref="GanTrainer.TrainAsync"/>'s thread.
/// </summary>
public sealed unsafe class MpiCommunicator : IDataParallelCommunicator, IDisposable
{
    // MPI's counts are ints; larger buffers go in pieces.
    private const int MaxCount = 1 << 30;
    private static MpiCommunicator? _instance;
    private bool _disposed;

    private MpiCommunicator(int rank, int size)
    {
        Rank = rank;
        Size = size;
    }

    /// <inheritdoc />
    public int Rank { get; }

    /// <inheritdoc />
    public int Size { get; }

    /// <summary>True when this process was started by an MPI launcher (mpirun/mpiexec of Open MPI, or a PMI/PMIx launcher such as srun).</summary>
    public static bool IsLaunchedByMpi =>
        Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null
        || Environment.GetEnvironmentVariable("PMIX_RANK") is not null
        || Environment.GetEnvironmentVariable("PMI_RANK") is not null;

    /// <summary>
    /// Initializes MPI (once per process) and returns the communicator of all ranks.
    /// </summary>
    /// <returns>The communicator.</returns>
    /// <exception cref="MpiUnavailableException">
    /// The process was not started with <c>mpirun</c>, or Open MPI is not installed (the message names the packages).
    /// </exception>
    public static MpiCommunicator Initialize()
    {
        if (_instance is { _disposed: false }) return _instance;
        if (_instance is not null) throw new InvalidOperationException("MPI was finalized in this process; it cannot be initialized again.");
        if (!IsLaunchedByMpi)
            throw new MpiUnavailableException(
                "Distributed training must be started by an MPI launcher, e.g. 'mpirun -np 2 gankit train ... --distributed' " +
                "(this process has no OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_RANK). " + MpiNative.InstallHint + ".");
        MpiNative.Load();
        int initialized;
        MpiNative.Check(MpiNative.Initialized(&initialized), "MPI_Initialized");
        if (initialized == 0)
        {
            int provided;
            MpiNative.Check(MpiNative.InitThread(null, null, MpiNative.ThreadSerialized, &provided), "MPI_Init_thread");
            if (provided < MpiNative.ThreadSerialized)
                throw new GanKitException($"The MPI library provides thread level {provided}; GanKit needs MPI_THREAD_SERIALIZED (2).");
        }

        int rank, size;
        MpiNative.Check(MpiNative.CommRank(MpiNative.CommWorld, &rank), "MPI_Comm_rank");
        MpiNative.Check(MpiNative.CommSize(MpiNative.CommWorld, &size), "MPI_Comm_size");
        return _instance = new MpiCommunicator(rank, size);
    }

    /// <inheritdoc />
    public void AllReduceSum(Span<float> buffer)
    {
        ThrowIfDisposed();
        fixed (float* p = buffer)
        {
            for (int start = 0; start < buffer.Length; start += MaxCount)
            {
                int count = Math.Min(MaxCount, buffer.Length - start);
                MpiNative.Check(MpiNative.Allreduce(MpiNative.InPlace, (nint)(p + start), count, MpiNative.Float, MpiNative.Sum, MpiNative.CommWorld), "MPI_Allreduce");
            }
        }
    }

    /// <inheritdoc />
    public void AllReduceSum(Span<double> buffer)
    {
        ThrowIfDisposed();
        fixed (double* p = buffer)
        {
            for (int start = 0; start < buffer.Length; start += MaxCount)
            {
                int count = Math.Min(MaxCount, buffer.Length - start);
                MpiNative.Check(MpiNative.Allreduce(MpiNative.InPlace, (nint)(p + start), count, MpiNative.Double, MpiNative.Sum, MpiNative.CommWorld), "MPI_Allreduce");
            }
        }
    }

    /// <inheritdoc />
    public void Broadcast(Span<byte> buffer, int root)
    {
        ThrowIfDisposed();
        fixed (byte* p = buffer)
        {
            for (int start = 0; start < buffer.Length; start += MaxCount)
            {
                int count = Math.Min(MaxCount, buffer.Length - start);
                MpiNative.Check(MpiNative.Bcast((nint)(p + start), count, MpiNative.Byte, root, MpiNative.CommWorld), "MPI_Bcast");
            }
        }
    }

    /// <inheritdoc />
    public void Barrier()
    {
        ThrowIfDisposed();
        MpiNative.Check(MpiNative.Barrier(MpiNative.CommWorld), "MPI_Barrier");
    }

    /// <summary>Finalizes MPI (collective: every rank must dispose its communicator).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        int finalized;
        if (MpiNative.Finalized(&finalized) == MpiNative.Success && finalized == 0) MpiNative.Finalize();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
