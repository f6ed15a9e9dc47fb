// Paints a photograph in the style of one or more paintings (Gatys et al.) with the embedded ResNet18 features.
// Usage: dotnet run --project samples/StylizeImage -- content.jpg style.jpg[:weight] [style2.jpg:weight ...] [--out out.png]
using System.Globalization;
using GanKit.Imaging;
using GanKit.Runtime;
using GanKit.StyleTransfer;

var outPath = "stylized.png";
var paths = new List<string>(args);
int outFlag = paths.IndexOf("--out");
if (outFlag >= 0) { outPath = paths[outFlag + 1]; paths.RemoveRange(outFlag, 2); }
if (paths.Count < 2)
{
    Console.Error.WriteLine("usage: StylizeImage content.jpg style.jpg[:weight] [...] [--out out.png]");
    return 2;
}

var styles = paths.Skip(1).Select(s =>
{
    int colon = s.LastIndexOf(':');
    return colon > 0 && double.TryParse(s[(colon + 1)..], CultureInfo.InvariantCulture, out var w) ? (s[..colon], w) : (s, 1.0);
}).ToList();

using var stylizer = StyleTransferOptimizer.CreateBuilder()       // ResNet18 features from the ML.NET package, no download
    .WithOptimizer(ImageMinimizers.Lbfgs(iterations: 150))
    .WithMaxSize(384)
    .PreserveColors(ColorPreservation.None)
    .WithSeed(1)
    .Build();

var progress = new Progress<StyleTransferProgress>(p =>
    Console.Write($"\rscale {p.Scale}/{p.ScaleCount}  iteration {p.Iteration}/{p.Iterations}  loss {p.Losses.Total:G4}   "));
using var stop = new StopSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.RequestStop(); };   // Ctrl+C stops early and keeps the best image so far

using var result = await stylizer.StylizeAsync(paths[0], styles, progress, stop: stop);
result.Image.SavePng(outPath);
Console.WriteLine($"\n{(result.StoppedEarly ? "stopped; best so far" : "done")}: {outPath} ({result.Elapsed.TotalSeconds:F0} s)");
return 0;
