namespace GanKit.StyleTransfer.Scaling;

/// <summary>The image sizes of a coarse-to-fine run, smallest first, ending at the output size.</summary>
internal static class ScaleSchedule
{
    /// <summary>Coarse scales whose shorter side would fall under this are skipped: the features there say little.</summary>
    public const int MinimumCoarseSide = 32;

    /// <summary>The output size: the content's size, shrunk (never enlarged) so its longer side is at most <paramref name="maxSize"/>.</summary>
    public static (int Height, int Width) OutputSize(int height, int width, int maxSize)
    {
        int longer = Math.Max(height, width);
        if (longer <= maxSize) return (height, width);
        double ratio = (double)maxSize / longer;
        return (Math.Max(1, (int)Math.Round(height * ratio)), Math.Max(1, (int)Math.Round(width * ratio)));
    }

    /// <summary>
    /// Up to <paramref name="scales"/> sizes, each <paramref name="factor"/> times the previous, ending at the output.
    /// Coarse scales whose longer side would be under <paramref name="minimumLongerSide"/> (or whose shorter side would be
    /// under <see cref="MinimumCoarseSide"/>) are skipped: a first scale that small destroys the content's outlines
    /// before the finer scales can restore them.
    /// </summary>
    public static IReadOnlyList<(int Height, int Width)> Sizes((int Height, int Width) output, int scales, double factor, int minimumLongerSide = 0)
    {
        var sizes = new List<(int, int)>();
        for (int i = 0; i < scales; i++)
        {
            double shrink = Math.Pow(factor, scales - 1 - i);
            int h = Math.Max(1, (int)Math.Round(output.Height / shrink)), w = Math.Max(1, (int)Math.Round(output.Width / shrink));
            bool last = i == scales - 1;
            if (last || (Math.Min(h, w) >= MinimumCoarseSide && Math.Max(h, w) >= minimumLongerSide)) sizes.Add((h, w));
        }

        return sizes;
    }

    /// <summary>
    /// The iterations of each of <paramref name="scaleCount"/> scales: <paramref name="perScale"/> aligned to the finest
    /// scale (when coarse scales were skipped, their entries are dropped), or <paramref name="uniform"/> at every scale.
    /// </summary>
    public static IReadOnlyList<int> Iterations(int scaleCount, IReadOnlyList<int>? perScale, int uniform)
    {
        if (perScale is null || perScale.Count == 0) return Enumerable.Repeat(uniform, scaleCount).ToArray();
        var result = new int[scaleCount];
        for (int i = 0; i < scaleCount; i++)
        {
            int fromEnd = scaleCount - 1 - i;
            int index = perScale.Count - 1 - fromEnd;
            result[i] = perScale[Math.Max(0, index)];
        }

        return result;
    }

    /// <summary>The size of a style image whose longer side is <paramref name="styleScale"/> times the content's longer side.</summary>
    public static (int Height, int Width) StyleSize(int styleHeight, int styleWidth, (int Height, int Width) content, double styleScale)
    {
        double target = styleScale * Math.Max(content.Height, content.Width);
        double ratio = target / Math.Max(styleHeight, styleWidth);
        return (Math.Max(1, (int)Math.Round(styleHeight * ratio)), Math.Max(1, (int)Math.Round(styleWidth * ratio)));
    }
}
