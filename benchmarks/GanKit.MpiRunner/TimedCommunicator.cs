using System.Diagnostics;
using GanKit.Training;

namespace GanKit.MpiRunner;

/// <summary>
/// Wraps a communicator and times its gradient all-reduces. Each float all-reduce is preceded by a barrier timed
/// apart, so "wait" (ranks arriving at different times: load imbalance, other processes on the cores) is not
/// counted as transfer.
/// </summary>
internal sealed class TimedCommunicator(IDataParallelCommunicator inner, bool separateWait) : IDataParallelCommunicator
{
    public int Rank => inner.Rank;
    public int Size => inner.Size;
    public TimeSpan Transfer { get; private set; }
    public TimeSpan Wait { get; private set; }

    /// <summary>Process CPU time (user + sys) spent inside the all-reduces: less sensitive than wall time to other processes on the cores.</summary>
    public TimeSpan TransferCpu { get; private set; }
    public long Bytes { get; private set; }
    public int Calls { get; private set; }

    public void Reset() => (Transfer, Wait, TransferCpu, Bytes, Calls) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0, 0);

    public void AllReduceSum(Span<float> buffer)
    {
        if (separateWait)
        {
            var w = Stopwatch.StartNew();
            inner.Barrier();
            Wait += w.Elapsed;
        }

        var cpu = Environment.CpuUsage.TotalTime;
        var t = Stopwatch.StartNew();
        inner.AllReduceSum(buffer);
        Transfer += t.Elapsed;
        TransferCpu += Environment.CpuUsage.TotalTime - cpu;
        Bytes += buffer.Length * sizeof(float);
        Calls++;
    }

    public void AllReduceSum(Span<double> buffer) => inner.AllReduceSum(buffer);
    public void Broadcast(Span<byte> buffer, int root) => inner.Broadcast(buffer, root);
    public void Barrier() => inner.Barrier();
}
