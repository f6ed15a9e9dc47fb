using GanKit.Training;
using ScottPlot;

namespace GanKit.Cli.Runs;

/// <summary>Loss curves and 2D scatter plots as PNG files (ScottPlot).</summary>
internal static class Plots
{
    private static readonly Lazy<bool> HasFont = new(RegisterFont);

    public static void LossCurve(IReadOnlyList<StepMetrics> history, string path)
    {
        if (history.Count == 0) return;
        _ = HasFont.Value;
        var plot = new Plot();
        // GAN losses are noisy step to step: the raw values stay as a faint band, a moving average shows the trend.
        var window = Math.Max(1, history.Count / 50);
        var dSmooth = MovingAverage(history.Select(h => h.DiscriminatorLoss).ToArray(), window);
        var gSmooth = MovingAverage(history.Select(h => h.GeneratorLoss).ToArray(), window);
        // Thin long histories so the PNG stays readable and small.
        int stride = Math.Max(1, history.Count / 2000);
        var kept = Enumerable.Range(0, history.Count).Where(i => i % stride == 0).ToArray();
        var steps = kept.Select(i => (double)history[i].Step).ToArray();
        AddCurve(plot, steps, kept.Select(i => history[i].DiscriminatorLoss).ToArray(), null, Colors.SteelBlue.WithAlpha(0.25), 1);
        AddCurve(plot, steps, kept.Select(i => history[i].GeneratorLoss).ToArray(), null, Colors.OrangeRed.WithAlpha(0.25), 1);
        AddCurve(plot, steps, kept.Select(i => dSmooth[i]).ToArray(), $"D loss (mean of {window} steps)", Colors.SteelBlue, 2);
        AddCurve(plot, steps, kept.Select(i => gSmooth[i]).ToArray(), $"G loss (mean of {window} steps)", Colors.OrangeRed, 2);
        plot.Title("Training losses");
        plot.XLabel("generator step");
        plot.YLabel("loss");
        plot.ShowLegend();
        plot.SavePng(path, 900, 500);
    }

    /// <summary>The trailing mean over up to <paramref name="window"/> values (fewer at the start).</summary>
    internal static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        var result = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }

        return result;
    }

    private static void AddCurve(Plot plot, double[] xs, double[] ys, string? legend, Color color, float width)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.MarkerSize = 0;
        line.LineWidth = width;
        line.Color = color;
        if (legend is not null) line.LegendText = legend;
    }

    public static void Scatter(float[] xy, string path, IReadOnlyList<(double X, double Y)>? modes = null)
    {
        _ = HasFont.Value;
        var plot = new Plot();
        var xs = new double[xy.Length / 2];
        var ys = new double[xy.Length / 2];
        for (int i = 0; i < xs.Length; i++) (xs[i], ys[i]) = (xy[2 * i], xy[2 * i + 1]);
        var samples = plot.Add.ScatterPoints(xs, ys);
        samples.MarkerSize = 2;
        samples.LegendText = "samples";
        if (modes is not null)
        {
            var m = plot.Add.ScatterPoints(modes.Select(p => p.X).ToArray(), modes.Select(p => p.Y).ToArray());
            m.MarkerSize = 8;
            m.MarkerShape = MarkerShape.OpenCircle;
            m.LegendText = "modes";
        }

        plot.Axes.SquareUnits();
        plot.ShowLegend();
        plot.SavePng(path, 700, 700);
    }

    // SkiaSharp's dependency-free Linux build cannot ask fontconfig; give ScottPlot a font file when one is installed.
    private static bool RegisterFont()
    {
        string[] candidates =
        [
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/TTF/DejaVuSans.ttf",
            "/System/Library/Fonts/Supplemental/Arial.ttf",
            @"C:\Windows\Fonts\arial.ttf",
        ];
        var font = candidates.FirstOrDefault(File.Exists);
        if (font is null) return false;
        Fonts.AddFontFile("GanKitSans", font);
        // Titles and axis labels are drawn bold; without a bold face registered they silently disappear.
        var bold = new[] { font.Replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), font.Replace("Arial.ttf", "Arial Bold.ttf"), font.Replace("arial.ttf", "arialbd.ttf") }
            .FirstOrDefault(path => path != font && File.Exists(path)) ?? font;
        Fonts.AddFontFile("GanKitSans", bold, bold: true, italic: false);
        Fonts.Default = "GanKitSans";
        return true;
    }
}
