using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Optimization;

/// <summary>The objective's value, its terms and its gradient at one image.</summary>
/// <param name="Losses">The weighted loss terms; their sum is the value minimized.</param>
/// <param name="Gradient">The gradient with respect to the image, shaped like it; registered in the caller's dispose scope.</param>
public sealed record Evaluation(StyleLosses Losses, Tensor Gradient)
{
    /// <summary>The value minimized, <see cref="StyleLosses.Total"/>.</summary>
    public double Value => Losses.Total;
}

/// <summary>Evaluates the objective at an image (<c>[1,C,H,W]</c>); throws <see cref="OperationCanceledException"/> when cancelled.</summary>
public delegate Evaluation Objective(Tensor image);

/// <summary>
/// Called with iteration 0 and the losses at the start, then after each iteration with the losses at the new iterate;
/// also gets the evaluations so far.
/// </summary>
public delegate void IterationCallback(int iteration, StyleLosses losses, int functionEvaluations);
