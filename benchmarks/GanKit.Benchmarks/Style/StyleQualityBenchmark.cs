using System.Diagnostics;
using System.Globalization;
using System.Text;
using GanKit.Benchmarks.Quality;
using GanKit.Features;
using GanKit.Imaging;
using GanKit.Runtime;
using GanKit.StyleTransfer;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Style;

/// <summary>
/// <c>style-quality</c>: stylizes content/style pairs with the stylizer's defaults (or overrides) and prints, per pair,
/// the four neutral scores of <see cref="StyleScores"/>, the time and the process's peak working set as a markdown table.
/// Images come only from the command line; nothing here needs files outside the paths given.
/// <code>
/// --pairs CONTENT=STYLE[,CONTENT=STYLE...]   or   --contents A,B --styles X,Y (every combination)
/// --size 512  --out DIR (PNG outputs, default artifacts/style-quality)  --threads N  --md FILE (append the table)
/// --upscale (enlarge smaller content to --size first, for the large-output memory runs)
/// --score CONTENT=STYLE=OUTPUT[,...]   only score existing images (e.g. the VGG-19 references)
/// overrides: --scales K --min-scale PX --scale-iterations A,B,C --statistic gram|w2 --colors none|meancov|ot
///            --padding PX --content-taps tap:w,... --style-taps tap:w,... --content-weight W --style-weight W --tv-weight W
///            --style-scale S --history N --label TEXT
/// </code>
/// </summary>
internal static class StyleQualityBenchmark
{
    public static int Run(string[] arguments)
    {
        var args = QualityArgs.Parse(arguments);
        TorchRuntime.EnsureLoaded();
        int threads = args.Int("threads", 0);
        if (threads > 0) TorchRuntime.Threads = threads;
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"load before: {File.ReadAllText("/proc/loadavg").Trim()}, torch threads {TorchRuntime.Threads}");
        table.AppendLine();

        var toScore = args.List("score", []);
        if (toScore.Length > 0)
        {
            table.AppendLine("| output | size | structure ↑ | ssim ↑ | colour ↓ | texture ↓ |");
            table.AppendLine("| --- | --- | --- | --- | --- | --- |");
            foreach (var triple in toScore)
            {
                var parts = triple.Split('=');
                if (parts.Length != 3) throw new ArgumentException($"--score wants CONTENT=STYLE=OUTPUT; got '{triple}'.");
                using var scope = NewDisposeScope();
                var content = ImageReader.Load(parts[0]);
                var style = ImageReader.Load(parts[1]);
                var output = ImageReader.Load(parts[2]);
                var score = StyleScores.Compute(content, style, output);
                table.AppendLine(Row(Path.GetFileName(parts[2]), $"{output.shape[2]}×{output.shape[1]}", score));
            }

            return Finish(args, table);
        }

        var pairs = Pairs(args);
        if (pairs.Count == 0)
        {
            Console.Error.WriteLine("style-quality: give --pairs CONTENT=STYLE,... or --contents A,B --styles X,Y (or --score CONTENT=STYLE=OUTPUT,...).");
            return 2;
        }

        var outDir = args.String("out", Path.Combine("artifacts", "style-quality"));
        Directory.CreateDirectory(outDir);
        int size = args.Int("size", 512);
        var options = Options(args, size);
        using var network = PretrainedFeatureNetworks.ResNet18();
        using var stylizer = StyleTransferOptimizer.CreateBuilder().WithFeatureNetwork(network, ownsNetwork: false).WithOptions(options).Build();
        var label = args.String("label", "GanKit default");
        table.AppendLine(CultureInfo.InvariantCulture, $"{label}: {Describe(stylizer)}");
        table.AppendLine();
        table.AppendLine("| pair | size | structure ↑ | ssim ↑ | colour ↓ | texture ↓ | time s | CPU s | evaluations | peak working set MB | load (1 min) |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (contentPath, stylePath) in pairs)
        {
            using var scope = NewDisposeScope();
            var content = ImageReader.Load(contentPath);
            // The stylizer never enlarges; --upscale makes large-output runs (1024, 2048 px) possible from smaller photos.
            if (args.Flag("upscale") && Math.Max(content.shape[1], content.shape[2]) < size) content = ImageTransforms.ResizeLongerSide(content, size);
            var style = ImageReader.Load(stylePath);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            using var result = stylizer.Stylize(content, [(style, 1.0)]);
            clock.Stop();
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var name = $"{Path.GetFileNameWithoutExtension(contentPath)}_{Path.GetFileNameWithoutExtension(stylePath)}";
            result.Image.SavePng(Path.Combine(outDir, name + ".png"));
            var score = StyleScores.Compute(content, style, result.Image);
            double peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
            table.AppendLine(Row(name, $"{result.Image.shape[2]}×{result.Image.shape[1]}", score) +
                             string.Create(CultureInfo.InvariantCulture, $" {clock.Elapsed.TotalSeconds:F1} | {cpu:F1} | {result.FunctionEvaluations} | {peak:F0} | {Load()} |"));
            Console.Error.WriteLine(table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        }

        return Finish(args, table);
    }

    private static int Finish(QualityArgs args, StringBuilder table)
    {
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine(table.ToString());
        var md = args.OptionalString("md");
        if (md is not null) File.AppendAllText(md, table + Environment.NewLine);
        return 0;
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string Row(string name, string size, StyleScore s) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {size} | {s.Structure:F3} | {s.Ssim:F3} | {s.Colour:F4} | {s.Texture:F4} |");

    private static List<(string Content, string Style)> Pairs(QualityArgs args)
    {
        var pairs = new List<(string, string)>();
        foreach (var pair in args.List("pairs", []))
        {
            var parts = pair.Split('=');
            if (parts.Length != 2) throw new ArgumentException($"--pairs wants CONTENT=STYLE; got '{pair}'.");
            pairs.Add((parts[0], parts[1]));
        }

        foreach (var content in args.List("contents", []))
        foreach (var style in args.List("styles", []))
            pairs.Add((content, style));
        return pairs;
    }

    private static StyleTransferOptions Options(QualityArgs args, int size)
    {
        var o = new StyleTransferOptions { MaxSize = size };
        if (args.OptionalString("scales") is not null) o = o with { Scales = args.Int("scales", o.Scales) };
        if (args.OptionalString("min-scale") is not null) o = o with { MinimumScaleSize = args.Int("min-scale", 0) };
        if (args.OptionalString("scale-iterations") is { } si)
            o = o with { ScaleIterations = si.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() };
        if (args.OptionalString("statistic") is { } st)
            o = o with { StyleStatistic = st == "w2" ? StyleStatistic.MeanCovariance : StyleStatistic.Gram };
        if (args.OptionalString("colors") is { } c)
            o = o with { StyleColors = c switch { "meancov" => StyleColorMatch.MeanCovariance, "ot" => StyleColorMatch.Distribution, _ => StyleColorMatch.None } };
        if (args.OptionalString("padding") is not null) o = o with { BorderPadding = args.Int("padding", 0) };
        if (args.OptionalString("content-taps") is { } ct) o = o with { ContentTaps = TapWeights(ct) };
        if (args.OptionalString("style-taps") is { } stp) o = o with { StyleTaps = TapWeights(stp) };
        o = o with
        {
            ContentWeight = args.Double("content-weight", o.ContentWeight),
            StyleWeight = args.Double("style-weight", o.StyleWeight),
            TotalVariationWeight = args.Double("tv-weight", o.TotalVariationWeight),
            StyleScale = args.Double("style-scale", o.StyleScale),
        };
        if (args.OptionalString("iterations") is not null || args.OptionalString("history") is not null)
            o = o with { Optimizer = ImageMinimizers.Lbfgs(args.Int("iterations", o.Optimizer.Iterations), args.Int("history", 50)) };
        return o;
    }

    private static Dictionary<string, double> TapWeights(string spec) =>
        spec.Split(',').Select(p => p.Split(':')).ToDictionary(p => p[0], p => p.Length > 1 ? double.Parse(p[1], CultureInfo.InvariantCulture) : 1.0);

    private static string Describe(StyleTransferOptimizer s)
    {
        var o = s.Options;
        string Taps(IReadOnlyDictionary<string, double> t) => string.Join(" ", t.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}:{p.Value:G3}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"scales {o.Scales} (min {o.MinimumScaleSize} px, iterations {(o.ScaleIterations is null ? o.Optimizer.Iterations.ToString(CultureInfo.InvariantCulture) : string.Join("/", o.ScaleIterations))}), " +
            $"{o.StyleStatistic}, colours {o.StyleColors}, padding {o.BorderPadding}, weights {o.ContentWeight:G3}/{o.StyleWeight:G3}/{o.TotalVariationWeight:G3}, " +
            $"content [{Taps(s.ContentTaps)}], style [{Taps(s.StyleTaps)}], style scale {o.StyleScale:G3}");
    }
}
