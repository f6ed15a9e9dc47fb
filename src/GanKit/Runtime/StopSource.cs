namespace GanKit.Runtime;

/// <summary>
/// Asks long work to stop early and keep its result: training writes a checkpoint and returns its result,
/// stylization returns the best image so far (both then report that they stopped early). Cancellation through a
/// <see cref="CancellationToken"/> instead abandons the work and throws <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// Thread-safe: call <see cref="RequestStop"/> from any thread (e.g. a Ctrl+C handler). One source can stop several
/// runs; a stop cannot be withdrawn.
/// </remarks>
public sealed class StopSource : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    /// <summary>Whether a stop was requested.</summary>
    public bool IsStopRequested => _source.IsCancellationRequested;

    /// <summary>Asks the work to stop at its next safe point (between steps or iterations) and keep what it has.</summary>
    public void RequestStop()
    {
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A stop requested after the source was disposed has nothing left to stop.
        }
    }

    /// <summary>A token that is cancelled when a stop is requested, for GanKit's loops that already poll a token.</summary>
    internal CancellationToken Token => _source.Token;

    /// <summary>Releases the underlying token source.</summary>
    public void Dispose() => _source.Dispose();
}
