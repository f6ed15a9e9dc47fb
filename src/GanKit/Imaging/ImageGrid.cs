using static TorchSharp.torch;

namespace GanKit.Imaging;

/// <summary>Composes a batch of images into one grid image, row by row.</summary>
public static class ImageGrid
{
    /// <summary>
    /// Lays out <c>[N,C,H,W]</c> as <c>[C, rows·(H+p)+p, cols·(W+p)+p]</c>, filling row by row; image i sits at
    /// row i / cols, column i % cols. Cells past N keep the pad value.
    /// </summary>
    /// <param name="images">The batch.</param>
    /// <param name="options">Columns, padding and pad value.</param>
    /// <returns>The grid, in the batch's value range, on the CPU.</returns>
    public static Tensor Compose(Tensor images, ImageGridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        options ??= new ImageGridOptions();
        if (images.dim() != 4 || images.shape[0] < 1)
            throw new ArgumentException($"A grid needs a batch [N,C,H,W] with N ≥ 1; got [{string.Join(",", images.shape)}].", nameof(images));
        if (options.Padding < 0) throw new ArgumentOutOfRangeException(nameof(options), options.Padding, "Padding must be zero or positive.");
        if (options.Columns is < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Columns, "Columns must be at least 1.");

        int n = (int)images.shape[0], c = (int)images.shape[1], h = (int)images.shape[2], w = (int)images.shape[3];
        int cols = Math.Min(options.Columns ?? (int)Math.Ceiling(Math.Sqrt(n)), n);
        int rows = (n + cols - 1) / cols;
        int p = options.Padding;

        using var scope = NewDisposeScope();
        var source = images.detach().to(CPU).to(ScalarType.Float32);
        var grid = full(new long[] { c, rows * (h + p) + p, cols * (w + p) + p }, options.PadValue ?? (options.Range == PixelRange.MinusOneToOne ? -1f : 0f), ScalarType.Float32);
        for (int i = 0; i < n; i++)
        {
            int top = p + (i / cols) * (h + p), left = p + (i % cols) * (w + p);
            grid[.., top..(top + h), left..(left + w)] = source[i];
        }

        return grid.MoveToOuterDisposeScope();
    }
}
