namespace GanKit.Runtime;

/// <summary>
/// How GanKit's async methods run their work: on a dedicated thread (libtorch work is CPU-bound, holds its thread for
/// minutes, and dispose scopes are per thread), so no thread-pool thread is blocked. Shared by training, stylization
/// and evaluation so they all behave the same way.
/// </summary>
internal static class LongRunningWork
{
    /// <summary>
    /// Starts <paramref name="work"/> on its own thread. A token already cancelled gives a cancelled task without
    /// starting; later cancellation is the work's to observe (it throws <see cref="OperationCanceledException"/>).
    /// </summary>
    public static Task<T> Start<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
}
