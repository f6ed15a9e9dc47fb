namespace GanKit.StyleTransfer;

/// <summary>One entry of a run's loss history.</summary>
/// <param name="Scale">The scale, from 1 (coarsest).</param>
/// <param name="Iteration">The iteration within the scale, from 1.</param>
/// <param name="Losses">The weighted losses after this iteration.</param>
/// <param name="FunctionEvaluations">Forward and backward passes so far in the whole run.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record StyleTransferIteration(int Scale, int Iteration, StyleLosses Losses, int FunctionEvaluations, TimeSpan Elapsed);
