using System.Diagnostics;

namespace GanKit.Training;

/// <summary>Steps per second over the most recent steps, so the ETA follows the current speed, not the warm-up.</summary>
internal sealed class ThroughputMeter
{
    private const int Window = 50;
    private readonly Queue<long> _ticks = new();

    public void Tick()
    {
        _ticks.Enqueue(Stopwatch.GetTimestamp());
        if (_ticks.Count > Window) _ticks.Dequeue();
    }

    public double StepsPerSecond
    {
        get
        {
            if (_ticks.Count < 2) return 0;
            var seconds = Stopwatch.GetElapsedTime(_ticks.Peek(), _ticks.Last()).TotalSeconds;
            return seconds > 0 ? (_ticks.Count - 1) / seconds : 0;
        }
    }
}
