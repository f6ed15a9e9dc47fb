using GanKit.Runtime;
using GanKit.Checkpoints;
using GanKit.Data;
using GanKit.Models;
using TorchSharp;
using Tensor = TorchSharp.torch.Tensor;

namespace GanKit.Metrics;

/// <summary>Stand-alone evaluation of a trained generator, e.g. what <c>gankit evaluate</c> runs.</summary>
public static class GanEvaluation
{
    /// <summary>
    /// Loads a checkpoint's generator (its EMA weights when present) and evaluates it against <paramref name="data"/> with the
    /// metrics that fit the data (see <see cref="GanEvaluator.ForDataset"/>).
    /// </summary>
    /// <param name="checkpointPath">A checkpoint file or a run folder (its newest checkpoint).</param>
    /// <param name="data">The real data: ring-8/grid-25 points or images in [-1, 1].</param>
    /// <param name="options">The options; null means the defaults.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The report.</returns>
    /// <exception cref="CheckpointCorruptedException">The checkpoint cannot be read.</exception>
    /// <exception cref="Metrics.MetricInputException">The generator and data do not fit each other or any metric.</exception>
    public static EvaluationReport Evaluate(string checkpointPath, IGanDataset data, EvaluationOptions? options = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpointPath);
        ArgumentNullException.ThrowIfNull(data);
        return Evaluate(() => Checkpoint.LoadGenerator(checkpointPath), data, options, progress, cancellationToken);
    }

    /// <summary>
    /// Loads a checkpoint of a generator module of your own (its EMA weights when present) through
    /// <paramref name="generatorFactory"/>, as <see cref="Checkpoint.LoadGenerator(string, Func{torch.nn.Module{Tensor, Tensor, Tensor}}, bool)"/>
    /// does, and evaluates it against <paramref name="data"/> with the metrics that fit the data.
    /// </summary>
    /// <param name="checkpointPath">A checkpoint file or a run folder (its newest checkpoint).</param>
    /// <param name="generatorFactory">Creates a module of the trained architecture.</param>
    /// <param name="data">The real data: ring-8/grid-25 points or images in [-1, 1].</param>
    /// <param name="options">The options; null means the defaults.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The report.</returns>
    /// <exception cref="CheckpointCorruptedException">The checkpoint cannot be read or does not fit the factory's module.</exception>
    /// <exception cref="Metrics.MetricInputException">The generator and data do not fit each other or any metric.</exception>
    public static EvaluationReport Evaluate(string checkpointPath, Func<torch.nn.Module<Tensor, Tensor?, Tensor>> generatorFactory, IGanDataset data,
        EvaluationOptions? options = null, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpointPath);
        ArgumentNullException.ThrowIfNull(generatorFactory);
        ArgumentNullException.ThrowIfNull(data);
        return Evaluate(() => Checkpoint.LoadGenerator(checkpointPath, generatorFactory), data, options, progress, cancellationToken);
    }

    private static EvaluationReport Evaluate(Func<Generator> load, IGanDataset data, EvaluationOptions? options,
        IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = load();
        using var evaluator = GanEvaluator.ForDataset(data, options, cancellationToken);
        return evaluator.Evaluate(generator, progress, cancellationToken);
    }

    /// <summary>Runs <see cref="Evaluate(string, IGanDataset, EvaluationOptions?, IProgress{EvaluationProgress}?, CancellationToken)"/> on a dedicated thread (libtorch work is CPU-bound and dispose scopes are per thread).</summary>
    /// <param name="checkpointPath">A checkpoint file or a run folder.</param>
    /// <param name="data">The real data.</param>
    /// <param name="options">The options; null means the defaults.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The report.</returns>
    public static Task<EvaluationReport> EvaluateAsync(string checkpointPath, IGanDataset data, EvaluationOptions? options = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        LongRunningWork.Start(() => Evaluate(checkpointPath, data, options, progress, cancellationToken), cancellationToken);
}
