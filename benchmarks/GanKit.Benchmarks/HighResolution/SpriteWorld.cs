using static TorchSharp.torch;

namespace GanKit.Benchmarks.HighResolution;

/// <summary>
/// A procedural, dSprites-like 64×64 data set with countable modes: one shape (square, circle, triangle) of one colour
/// (red, green, blue) in one cell of a 2×2 grid, on black: 36 modes. Shapes are 18–22 px with ±4 px jitter around
/// the cell centre. <see cref="Read"/> is the rule-based reader of a generated image's mode.
/// </summary>
internal static class SpriteWorld
{
    public const int Size = 64;
    public const int Shapes = 3, Colours = 3, Cells = 4;
    public const int Modes = Shapes * Colours * Cells;
    private static readonly string[] ShapeNames = ["square", "circle", "triangle"];
    private static readonly string[] ColourNames = ["red", "green", "blue"];

    public static string Describe(int mode) => $"{ColourNames[mode / Cells % Colours]} {ShapeNames[mode / (Cells * Colours)]} in cell {mode % Cells}";

    /// <summary>Renders <paramref name="perMode"/> images of every mode: <c>[N, 3, 64, 64]</c> in [-1, 1], and their modes.</summary>
    public static (Tensor Images, int[] Modes) Render(int perMode, int seed)
    {
        var random = new Random(seed);
        int n = perMode * Modes;
        var pixels = new float[n * 3 * Size * Size];
        Array.Fill(pixels, -1f);
        var modes = new int[n];
        for (int i = 0; i < n; i++)
        {
            int mode = i % Modes;
            modes[i] = mode;
            int shape = mode / (Cells * Colours), colour = mode / Cells % Colours, cell = mode % Cells;
            double size = 18 + random.NextDouble() * 4;
            double cx = (cell % 2 == 0 ? 16 : 48) + (random.NextDouble() * 8 - 4);
            double cy = (cell / 2 == 0 ? 16 : 48) + (random.NextDouble() * 8 - 4);
            for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                double px = x + 0.5 - cx, py = y + 0.5 - cy, h = size / 2;
                bool inside = shape switch
                {
                    0 => Math.Abs(px) <= h && Math.Abs(py) <= h,
                    1 => px * px + py * py <= h * h,
                    _ => py >= -h && py <= h && Math.Abs(px) <= (py + h) / 2, // apex up, base = height = size
                };
                if (inside) pixels[((i * 3 + colour) * Size + y) * Size + x] = 1f;
            }
        }

        return (tensor(pixels).view(n, 3, Size, Size), modes);
    }

    /// <summary>The mode of an image (values in [-1, 1], <c>[3, 64, 64]</c> row-major), or −1 when it is not one well-formed sprite.</summary>
    public static int Read(ReadOnlySpan<float> image)
    {
        int plane = Size * Size, area = 0, minX = Size, maxX = -1, minY = Size, maxY = -1;
        double sumX = 0, sumY = 0;
        Span<double> colour = stackalloc double[3];
        for (int p = 0; p < plane; p++)
        {
            float r = image[p], g = image[plane + p], b = image[2 * plane + p];
            if (Math.Max(r, Math.Max(g, b)) <= 0f) continue; // brighter than half: foreground
            area++;
            int x = p % Size, y = p / Size;
            minX = Math.Min(minX, x); maxX = Math.Max(maxX, x); minY = Math.Min(minY, y); maxY = Math.Max(maxY, y);
            sumX += x; sumY += y;
            colour[0] += (r + 1) / 2; colour[1] += (g + 1) / 2; colour[2] += (b + 1) / 2;
        }

        if (area < 100 || area > 900) return -1;
        int w = maxX - minX + 1, h = maxY - minY + 1;
        if (w > 26 || h > 26 || w < 14 || h < 14 || Math.Abs(w - h) > 5) return -1;
        double fill = (double)area / (w * h);
        int shape = fill > 0.88 ? 0 : fill is > 0.66 and <= 0.88 ? 1 : fill is > 0.36 and < 0.64 ? 2 : -1;
        if (shape < 0) return -1;
        int dominant = colour[0] >= colour[1] && colour[0] >= colour[2] ? 0 : colour[1] >= colour[2] ? 1 : 2;
        for (int c = 0; c < 3; c++)
        {
            double mean = colour[c] / area;
            if (c == dominant ? mean < 0.6 : mean > 0.35) return -1;
        }

        int cell = (sumX / area < 32 ? 0 : 1) + (sumY / area < 32 ? 0 : 2);
        return (shape * Colours + dominant) * Cells + cell;
    }
}
