using static TorchSharp.torch;

namespace GanKit.StyleTransfer;

/// <summary>
/// A pseudo-tap that every stylizer offers besides its network's taps: the image's own 5 × 5 RGB patches (stride 2) as a
/// 75-channel feature map. Its mean and covariance are the image's local colour-contrast spectrum at periods of 2 to
/// 8 pixels, finer than ResNet18's first tap (stride 2, after a 7 × 7 convolution) can see. As a style tap it gives
/// the result the style's fine brush texture; the default preset uses it for ResNet18.
/// </summary>
public static class PixelPatches
{
    /// <summary>The tap name, usable in content and style tap lists: <c>"pixels"</c>.</summary>
    public const string Tap = "pixels";

    /// <summary>The patch side in pixels.</summary>
    public const int Size = 5;

    /// <summary>The patch stride in pixels.</summary>
    public const int Stride = 2;

    /// <summary>The patches of images <c>[N,C,H,W]</c> as a feature map <c>[N, C·25, h, w]</c>.</summary>
    /// <param name="images">The images (at least 5 × 5).</param>
    /// <returns>The patch features, differentiable with respect to <paramref name="images"/>.</returns>
    public static Tensor Extract(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[2] < Size || images.shape[3] < Size)
            throw new ArgumentException($"Images must be [N,C,H,W] with H, W ≥ {Size}; got [{string.Join(",", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        long n = images.shape[0], h = (images.shape[2] - Size) / Stride + 1, w = (images.shape[3] - Size) / Stride + 1;
        var columns = nn.functional.unfold(images, Size, stride: Stride);     // [N, C·25, h·w]
        return columns.reshape(n, columns.shape[1], h, w).MoveToOuterDisposeScope();
    }
}
