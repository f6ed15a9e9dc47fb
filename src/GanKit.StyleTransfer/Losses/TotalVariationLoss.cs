using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Losses;

/// <summary>
/// Total variation: how much neighbouring pixels differ. A small weight of it suppresses the high-frequency speckle
/// that optimizing pixels against a convolutional network otherwise leaves behind.
/// </summary>
public static class TotalVariationLoss
{
    /// <summary>
    /// The mean squared difference between vertically adjacent pixels plus the mean squared difference between
    /// horizontally adjacent pixels. Squared (not absolute) differences keep the loss smooth, which L-BFGS needs;
    /// means (not sums) make it independent of the image size.
    /// </summary>
    /// <param name="images">Images <c>[N,C,H,W]</c> or <c>[C,H,W]</c>, at least 2×2.</param>
    /// <returns>A scalar, differentiable with respect to <paramref name="images"/>.</returns>
    public static Tensor Compute(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() is not (3 or 4) || images.shape[^1] < 2 || images.shape[^2] < 2)
            throw new ArgumentException($"Images must be [N,C,H,W] or [C,H,W] with H, W ≥ 2; got [{string.Join(",", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        long h = images.shape[^2], w = images.shape[^1];
        var vertical = images.narrow(-2, 1, h - 1) - images.narrow(-2, 0, h - 1);
        var horizontal = images.narrow(-1, 1, w - 1) - images.narrow(-1, 0, w - 1);
        return (vertical.square().mean() + horizontal.square().mean()).MoveToOuterDisposeScope();
    }
}
