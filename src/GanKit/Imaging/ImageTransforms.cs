using static TorchSharp.torch;

namespace GanKit.Imaging;

/// <summary>Shape and range transforms for image tensors <c>[C,H,W]</c> or batches <c>[N,C,H,W]</c>.</summary>
public static class ImageTransforms
{
    /// <summary>Resizes to exactly <paramref name="height"/> × <paramref name="width"/> with bilinear filtering (antialiased when shrinking).</summary>
    /// <param name="image">The image or batch.</param>
    /// <param name="height">The new height.</param>
    /// <param name="width">The new width.</param>
    /// <returns>A new tensor of the same rank.</returns>
    public static Tensor Resize(Tensor image, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(image);
        RequireImage(image);
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"Target size must be at least 1×1; got {height}×{width}.");
        using var scope = NewDisposeScope();
        bool single = image.dim() == 3;
        var batch = single ? image.unsqueeze(0) : image;
        bool shrinking = height < batch.shape[2] || width < batch.shape[3];
        var resized = nn.functional.interpolate(batch, size: [height, width], mode: InterpolationMode.Bilinear,
            align_corners: false, antialias: shrinking);
        return (single ? resized.squeeze(0) : resized).MoveToOuterDisposeScope();
    }

    /// <summary>Resizes so the shorter side becomes <paramref name="size"/>, keeping the aspect ratio.</summary>
    /// <param name="image">The image or batch.</param>
    /// <param name="size">The new length of the shorter side.</param>
    /// <returns>A new tensor of the same rank.</returns>
    public static Tensor ResizeShorterSide(Tensor image, int size)
    {
        ArgumentNullException.ThrowIfNull(image);
        RequireImage(image);
        long h = image.shape[^2], w = image.shape[^1];
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "Size must be at least 1.");
        return h <= w
            ? Resize(image, size, (int)Math.Max(1, Math.Round((double)w * size / h)))
            : Resize(image, (int)Math.Max(1, Math.Round((double)h * size / w)), size);
    }

    /// <summary>Resizes so the longer side becomes <paramref name="size"/>, keeping the aspect ratio.</summary>
    /// <param name="image">The image or batch.</param>
    /// <param name="size">The new length of the longer side.</param>
    /// <returns>A new tensor of the same rank.</returns>
    public static Tensor ResizeLongerSide(Tensor image, int size)
    {
        ArgumentNullException.ThrowIfNull(image);
        RequireImage(image);
        long h = image.shape[^2], w = image.shape[^1];
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "Size must be at least 1.");
        return h >= w
            ? Resize(image, size, (int)Math.Max(1, Math.Round((double)w * size / h)))
            : Resize(image, (int)Math.Max(1, Math.Round((double)h * size / w)), size);
    }

    /// <summary>Crops the central <paramref name="height"/> × <paramref name="width"/> region.</summary>
    /// <param name="image">The image or batch.</param>
    /// <param name="height">The crop height (at most the image height).</param>
    /// <param name="width">The crop width (at most the image width).</param>
    /// <returns>A new contiguous tensor of the same rank.</returns>
    public static Tensor CenterCrop(Tensor image, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(image);
        RequireImage(image);
        long h = image.shape[^2], w = image.shape[^1];
        if (height < 1 || width < 1 || height > h || width > w)
            throw new ArgumentOutOfRangeException(nameof(height), $"Crop {height}×{width} does not fit in the {h}×{w} image.");
        long top = (h - height) / 2, left = (w - width) / 2;
        return image.narrow(-2, top, height).narrow(-1, left, width).contiguous();
    }

    /// <summary>Resizes the shorter side to the target and center-crops to exactly <paramref name="height"/> × <paramref name="width"/>.</summary>
    /// <param name="image">The image or batch.</param>
    /// <param name="height">The output height.</param>
    /// <param name="width">The output width.</param>
    /// <returns>A new tensor of the same rank.</returns>
    public static Tensor ResizeAndCenterCrop(Tensor image, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(image);
        RequireImage(image);
        using var scope = NewDisposeScope();
        long h = image.shape[^2], w = image.shape[^1];
        double scale = Math.Max((double)height / h, (double)width / w);
        var resized = Resize(image, (int)Math.Max(height, Math.Round(h * scale)), (int)Math.Max(width, Math.Round(w * scale)));
        return CenterCrop(resized, height, width).MoveToOuterDisposeScope();
    }

    /// <summary>Maps [0, 1] to [-1, 1].</summary>
    /// <param name="image">Values in [0, 1].</param>
    /// <returns>Values in [-1, 1].</returns>
    public static Tensor ToMinusOneToOne(Tensor image) => image * 2f - 1f;

    /// <summary>Maps [-1, 1] to [0, 1].</summary>
    /// <param name="image">Values in [-1, 1].</param>
    /// <returns>Values in [0, 1].</returns>
    public static Tensor ToZeroToOne(Tensor image) => (image + 1f) / 2f;

    private static void RequireImage(Tensor image)
    {
        if (image.dim() is not (3 or 4))
            throw new ArgumentException($"Expected an image [C,H,W] or a batch [N,C,H,W]; got [{string.Join(",", image.shape)}].", nameof(image));
    }
}
