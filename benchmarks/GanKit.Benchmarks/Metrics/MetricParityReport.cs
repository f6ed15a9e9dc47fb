using System.Globalization;
using System.Text.Json;
using GanKit.IO;
using GanKit.Metrics;

namespace GanKit.Benchmarks.Metrics;

/// <summary>`bench metric-parity`: GanKit's FID, KID and k-NN metrics on the golden cases next to the reference values (docs/metrics.md).</summary>
internal static class MetricParityReport
{
    public static int Run(string[] args)
    {
        var folder = KidTiming.GoldenFolder();
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")));
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine("| case | FID (GanKit) | high precision | GanKit error | pytorch-fid error | MMD² GanKit − torch-fidelity | P / R / D / C (GanKit default) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var name in new[] { "a", "c", "d", "e", "f" })
        {
            var expected = document.RootElement.GetProperty("expected").GetProperty(name);
            using var x = NpyFile.Read(Path.Combine(folder, $"{name}_x.npy"));
            using var y = NpyFile.Read(Path.Combine(folder, $"{name}_y.npy"));
            double truth = expected.GetProperty("fid_high_precision").GetDouble();
            double pytorch = expected.GetProperty("fid_pytorch_fid").GetDouble();
            double fid = FrechetDistance.Compute(x, y);
            double mmd = KernelInceptionDistance.Compute(x, y, subsetSize: (int)x.shape[0]).Mean;
            var knn = NearestNeighbourMetrics.Compute(x, y);
            Console.WriteLine(string.Create(c,
                $"| {name} {x.shape[0]}×{x.shape[1]} | {fid:R} | {truth:R} | {Math.Abs(fid - truth):G2} | {Math.Abs(pytorch - truth):G2} | {mmd - expected.GetProperty("kid_unbiased_mmd2_full_set").GetDouble():G2} | {knn.Precision:G4} / {knn.Recall:G4} / {knn.Density:G4} / {knn.Coverage:G4} |"));
        }

        return 0;
    }
}
