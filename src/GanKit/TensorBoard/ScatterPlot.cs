using static TorchSharp.torch;

namespace GanKit.TensorBoard;

/// <summary>Draws 2D points as a small RGB image, for generators of points (e.g. the 8-Gaussian ring) that have no image.</summary>
internal static class ScatterPlot
{
    public const int Size = 256;
    private static readonly float[] Dot = [0.12f, 0.32f, 0.71f];
    private const float Axis = 0.85f;

    /// <summary>Points <c>[N,2]</c> (x, y) as a <c>[3,Size,Size]</c> image in [0, 1], white, with grey axes through 0.</summary>
    /// <remarks>The view is symmetric around 0 and fits the farthest finite point with a margin; y points up.</remarks>
    public static Tensor Render(Tensor points)
    {
        if (points.dim() != 2 || points.shape[1] != 2)
            throw new ArgumentException($"A scatter plot needs points [N,2]; got [{string.Join(",", points.shape)}].", nameof(points));
        using var scope = NewDisposeScope();
        var p = points.detach().to(CPU).to(ScalarType.Float32);
        p = p[isfinite(p).all(1)];
        var canvas = ones(3, Size, Size);
        int middle = Size / 2;
        canvas[.., middle, ..] = Axis;
        canvas[.., .., middle] = Axis;
        if (p.shape[0] > 0)
        {
            float bound = Math.Max(p.abs().max().item<float>() * 1.1f, 1e-6f);
            var scale = (Size - 1) / (2 * bound);
            var x = ((p[.., 0] + bound) * scale).round().to(ScalarType.Int64);
            var y = ((bound - p[.., 1]) * scale).round().to(ScalarType.Int64);
            for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
            {
                var index = (y + dy).clamp(0, Size - 1) * Size + (x + dx).clamp(0, Size - 1);
                for (int c = 0; c < 3; c++) canvas[c].view(-1).index_fill_(0, index, Dot[c]);
            }
        }

        return canvas.MoveToOuterDisposeScope();
    }
}
