using System.Text.Json;
using GanKit.IO;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

/// <summary>
/// The metric parity cases in Metrics/Golden (copied from the reference set; see its README): feature-matrix pairs and the values
/// pytorch-fid, a high-precision FID, torch-fidelity's MMD² and clovaai's prdc / Kynkäänniemi et al.'s code give on them.
/// </summary>
internal static class GoldenParityData
{
    public const string StrictKey = "prdc_strict_lt (clovaai prdc, Naeem et al.)";
    public const string InclusiveKey = "prdc_le (Kynkaanniemi et al. precision_recall.py convention)";

    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Metrics", "Golden");

    public static TheoryData<string> Cases => new() { "a", "c", "d", "e", "f" };

    public static (Tensor X, Tensor Y) Features(string name) =>
        (NpyFile.Read(Path.Combine(Folder, $"{name}_x.npy")), NpyFile.Read(Path.Combine(Folder, $"{name}_y.npy")));

    public static JsonElement Expected(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json")));
        return document.RootElement.GetProperty("expected").GetProperty(name).Clone();
    }
}
