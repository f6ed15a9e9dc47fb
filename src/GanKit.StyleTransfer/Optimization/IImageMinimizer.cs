using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Optimization;

/// <summary>
/// Minimizes an objective over the pixels of an image kept in [0, 1]. Implement it to plug your own optimizer into the
/// stylizer with <see cref="ImageMinimizers.Custom"/>; the built-in ones are L-BFGS and Adam.
/// </summary>
public interface IImageMinimizer
{
    /// <summary>
    /// Runs up to the configured number of iterations from <paramref name="start"/>. Cancellation is not an error:
    /// it ends the run and the best image so far is returned with <see cref="MinimizerOutcome.Cancelled"/> set.
    /// </summary>
    /// <param name="start">The starting image; not modified.</param>
    /// <param name="objective">Loss terms and gradient at an image.</param>
    /// <param name="onIteration">Call with iteration 0 at the start and after every iteration.</param>
    /// <param name="cancellationToken">Ends the run; return the best image so far with Cancelled set instead of throwing.</param>
    /// <returns>The outcome.</returns>
    MinimizerOutcome Minimize(Tensor start, Objective objective, IterationCallback onIteration, CancellationToken cancellationToken);
}

/// <summary>What a minimizer produced.</summary>
/// <param name="Image">The image with the lowest objective seen; owned by the caller and outside any dispose scope.</param>
/// <param name="Iterations">Iterations completed.</param>
/// <param name="FunctionEvaluations">Objective evaluations (forward and backward passes), including line-search trials.</param>
/// <param name="Cancelled">Whether cancellation ended the run.</param>
/// <param name="Converged">Whether it stopped early because no further progress was possible (zero gradient or a step of zero).</param>
public sealed record MinimizerOutcome(Tensor Image, int Iterations, int FunctionEvaluations, bool Cancelled, bool Converged);
