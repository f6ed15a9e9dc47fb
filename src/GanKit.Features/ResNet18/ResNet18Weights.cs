using System.Collections.Concurrent;
using GanKit.Onnx;
using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>
/// The ResNet18 graph and its weights as read from one ONNX file, shared by every network built from that file in this process:
/// each <see cref="ResNet18FeatureNetwork"/> gets its own module whose CPU weights are views of these tensors (no copy).
/// The process-wide cache is keyed by the file's full path, size and last-write time, and is filled at most once per key.
/// </summary>
internal sealed class ResNet18Weights
{
    private static readonly ConcurrentDictionary<string, Lazy<ResNet18Weights>> Cache = new(StringComparer.Ordinal);

    private ResNet18Weights(string path, OnnxGraph structure, IReadOnlyDictionary<string, Tensor> tensors)
    {
        Path = path;
        Structure = structure;
        Tensors = tensors;
    }

    /// <summary>The ONNX file the weights were read from.</summary>
    public string Path { get; }

    /// <summary>The graph, with each initializer's shape but not its data (that lives in <see cref="Tensors"/>).</summary>
    public OnnxGraph Structure { get; }

    /// <summary>The weights on the CPU, by initializer name. Never disposed while cached; never modified.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The weights for <paramref name="path"/>, from the in-process cache or read now (thread-safe; one read per file).</summary>
    public static ResNet18Weights Get(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FeatureNetworkException($"The ResNet18 model file {info.FullName} does not exist.");
        var prefix = info.FullName + "|";
        var key = $"{prefix}{info.Length}|{info.LastWriteTimeUtc.Ticks}";
        var lazy = Cache.GetOrAdd(key, _ => new Lazy<ResNet18Weights>(() => Read(info.FullName), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            var weights = lazy.Value;

            // The file changed since an earlier read: forget the stale copy.
            foreach (var stale in Cache.Keys.Where(k => k != key && k.StartsWith(prefix, StringComparison.Ordinal))) Cache.TryRemove(stale, out _);
            return weights;
        }
        catch
        {
            Cache.TryRemove(new KeyValuePair<string, Lazy<ResNet18Weights>>(key, lazy)); // let a later call retry
            throw;
        }
    }

    /// <summary>Empties the in-process cache (weights already handed to networks stay valid). For tests and timing.</summary>
    internal static void ClearCache() => Cache.Clear();

    /// <summary>Reads and checks an ONNX file, bypassing the cache.</summary>
    /// <exception cref="FeatureNetworkException">The file cannot be read, is not valid ONNX, or is not the expected ResNet18.</exception>
    internal static ResNet18Weights Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FeatureNetworkException($"The ResNet18 model file {path} cannot be read: {ex.Message}", ex);
        }

        OnnxModel model;
        try
        {
            model = OnnxReader.Parse(bytes);
        }
        catch (InvalidDataException ex)
        {
            throw new FeatureNetworkException(
                $"The ResNet18 model file {path} is not a valid ONNX model ({ex.Message}). It may be truncated or corrupt: delete the " +
                $"{ResNet18ModelLocator.PackageId.ToLowerInvariant()} folder from the NuGet packages folder and restore again, or point to a good copy.", ex);
        }

        var graph = model.Graph;
        var missing = ResNet18Taps.OnnxValues.Select(v => v.OnnxValue).Where(v => !graph.Nodes.Any(n => n.Outputs.Contains(v))).ToList();
        var inputs = graph.DataInputs.ToList();
        if (missing.Count > 0 || inputs.Count != 1 || inputs[0].Shape.Count != 4 || inputs[0].Shape[1] != 3)
        {
            throw new FeatureNetworkException(
                $"The ONNX file {path} is not the ResNet18 of {ResNet18ModelLocator.PackageId} {ResNet18ModelLocator.PackageVersion}: " +
                (missing.Count > 0 ? $"it has no value{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}." : "its input is not one [N,3,H,W] image batch."));
        }

        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in graph.Initializers)
        {
            if (t.DataType != OnnxTensor.Float) continue;
            tensors[name] = tensor(t.FloatData, t.Dims).DetachFromDisposeScope();
        }

        var structure = new OnnxGraph
        {
            Name = graph.Name,
            Nodes = graph.Nodes,
            Inputs = graph.Inputs,
            Outputs = graph.Outputs,
            Initializers = graph.Initializers.ToDictionary(kv => kv.Key, kv => kv.Value with { FloatData = [] }, StringComparer.Ordinal),
        };
        return new ResNet18Weights(path, structure, tensors);
    }
}
