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
        // Thin long histories so the PNG stays readable and small.
        int stride = Math.Max(1, history.Count / 2000);
        var points = history.Where((_, i) => i % stride == 0).ToArray();
        var steps = points.Select(h => (double)h.Step).ToArray();
        var d = plot.Add.Scatter(steps, points.Select(h => h.DiscriminatorLoss).ToArray());
        d.LegendText = "D loss";
        d.MarkerSize = 0;
        var g = plot.Add.Scatter(steps, points.Select(h => h.GeneratorLoss).ToArray());
        g.LegendText = "G loss";
        g.MarkerSize = 0;
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.ShowLegend();
        plot.SavePng(path, 900, 500);
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
        Fonts.Default = "GanKitSans";
        return true;
    }
}
