namespace GanKit.StyleTransfer;

/// <summary>Where a running style transfer is, reported after every iteration.</summary>
/// <param name="Scale">The current scale, from 1 (coarsest) to <paramref name="ScaleCount"/> (the output size).</param>
/// <param name="ScaleCount">How many scales the run has.</param>
/// <param name="Width">The width being optimized at this scale.</param>
/// <param name="Height">The height being optimized at this scale.</param>
/// <param name="Iteration">The iteration just completed within this scale, from 1.</param>
/// <param name="Iterations">The iterations planned for each scale.</param>
/// <param name="Losses">The weighted losses after this iteration.</param>
/// <param name="FunctionEvaluations">Forward and backward passes so far in the whole run.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record StyleTransferProgress(
    int Scale,
    int ScaleCount,
    int Width,
    int Height,
    int Iteration,
    int Iterations,
    StyleLosses Losses,
    int FunctionEvaluations,
    TimeSpan Elapsed);
