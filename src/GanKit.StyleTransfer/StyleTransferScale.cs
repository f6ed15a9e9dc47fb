namespace GanKit.StyleTransfer;

/// <summary>What happened at one scale of a run.</summary>
/// <param name="Scale">The scale, from 1 (coarsest).</param>
/// <param name="Width">The width optimized.</param>
/// <param name="Height">The height optimized.</param>
/// <param name="Iterations">Iterations completed at this scale.</param>
/// <param name="FunctionEvaluations">Forward and backward passes spent at this scale.</param>
/// <param name="Elapsed">Time spent at this scale, including computing the targets.</param>
/// <param name="Converged">Whether the optimizer stopped early because no further decrease was possible.</param>
public sealed record StyleTransferScale(int Scale, int Width, int Height, int Iterations, int FunctionEvaluations, TimeSpan Elapsed, bool Converged);
