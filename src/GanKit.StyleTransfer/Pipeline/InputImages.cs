using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Pipeline;

/// <summary>Checks user images and brings them to RGB float32 on the CPU.</summary>
internal static class InputImages
{
    /// <summary>The smallest side accepted for content, style and output images.</summary>
    public const int MinimumSide = 16;

    // Images from ImageReader are exactly in [0, 1]; a little slack forgives rounding from the caller's own processing.
    private const float RangeSlack = 1e-3f;

    /// <summary>
    /// Returns an RGB <c>[3,H,W]</c> float32 CPU copy of <paramref name="image"/>; a one-channel image is repeated into
    /// three channels. The caller's tensor is not modified or disposed.
    /// </summary>
    public static Tensor PrepareRgb(Tensor image, string role)
    {
        if (image.IsInvalid) throw new ArgumentException($"The {role} image tensor has been disposed.", role);
        if (image.dim() != 3 || image.shape[0] is not (1 or 3))
            throw new ArgumentException($"The {role} image must be [3,H,W] (RGB) or [1,H,W] (grayscale); got [{string.Join(",", image.shape)}].", role);
        if (image.shape[1] < MinimumSide || image.shape[2] < MinimumSide)
            throw new ArgumentException($"The {role} image is {image.shape[2]}×{image.shape[1]}; both sides must be at least {MinimumSide} pixels.", role);
        if (!image.is_floating_point())
            throw new ArgumentException($"The {role} image must be a floating-point tensor with values in [0, 1]; got {image.dtype}.", role);

        using var scope = NewDisposeScope();
        var rgb = image.detach().to(CPU).to(ScalarType.Float32);
        if (!isfinite(rgb).all().item<bool>())
            throw new ArgumentException($"The {role} image holds NaN or infinite values.", role);
        float min = rgb.min().item<float>(), max = rgb.max().item<float>();
        if (min < -RangeSlack || max > 1 + RangeSlack)
            throw new ArgumentException($"The {role} image must have values in [0, 1] (as ImageReader returns); its values span [{min}, {max}].", role);
        if (rgb.shape[0] == 1) rgb = rgb.expand(3, -1, -1);
        return rgb.clamp(0, 1).contiguous().MoveToOuterDisposeScope();
    }
}
