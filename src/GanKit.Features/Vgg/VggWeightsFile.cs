using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>
/// Loads torchvision-named VGG weights (<c>features.N.weight</c>, <c>features.N.bias</c>) from a PyTorch state dict
/// (<c>torch.save(model.state_dict())</c>, zip format) or a safetensors file into a <see cref="VggModule"/>.
/// Extra entries (e.g. the classifier) are ignored; missing or mis-shaped convolution weights are reported by name.
/// </summary>
internal static class VggWeightsFile
{
    private static readonly string[] Prefixes = ["features.", "module.features.", ""];

    /// <summary>Copies the weights in <paramref name="path"/> into <paramref name="module"/>'s convolutions.</summary>
    /// <exception cref="FeatureNetworkException">The file is missing, unreadable, or does not hold this VGG's weights.</exception>
    public static void LoadInto(VggModule module, string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FeatureNetworkException($"The {module.Architecture.Name} weights file {full} does not exist.");

        using var scope = NewDisposeScope(); // every tensor read from the file is released at the end
        var state = Read(full, module.Architecture.Name);
        var prefix = Prefixes.FirstOrDefault(p => state.ContainsKey(p + "0.weight"))
            ?? throw new FeatureNetworkException(
                $"{full} does not hold torchvision VGG weights: there is no 'features.0.weight'. Its first entries are: " +
                string.Join(", ", state.Keys.Take(8)) + ".");

        var convolutionsInFile = state.Keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.EndsWith(".weight", StringComparison.Ordinal)
                                                    && int.TryParse(k.AsSpan(prefix.Length, k.Length - prefix.Length - ".weight".Length), out _));
        var problems = new List<string>();
        using (no_grad())
        {
            foreach (var (index, conv) in module.Convolutions)
            {
                Copy(state, $"{prefix}{index}.weight", conv.weight!, problems);
                Copy(state, $"{prefix}{index}.bias", conv.bias!, problems);
            }
        }

        if (problems.Count > 0)
        {
            var expected = module.Convolutions.Count();
            var hint = convolutionsInFile == 13 && expected == 16 ? " The file looks like VGG16 weights: use PretrainedFeatureNetworks.Vgg16."
                : convolutionsInFile == 16 && expected == 13 ? " The file looks like VGG19 weights: use PretrainedFeatureNetworks.Vgg19."
                : "";
            throw new FeatureNetworkException(
                $"{full} does not match {module.Architecture.Name} ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):" +
                string.Concat(problems.Take(10).Select(p => Environment.NewLine + " - " + p)) + (problems.Count > 10 ? Environment.NewLine + " - ..." : "") + hint);
        }
    }

    private static void Copy(Dictionary<string, Tensor> state, string key, Tensor target, List<string> problems)
    {
        if (!state.TryGetValue(key, out var source))
        {
            problems.Add($"'{key}' is missing");
            return;
        }

        if (!source.shape.SequenceEqual(target.shape))
        {
            problems.Add($"'{key}' has shape [{string.Join(",", source.shape)}], expected [{string.Join(",", target.shape)}]");
            return;
        }

        if (!source.is_floating_point())
        {
            problems.Add($"'{key}' holds {source.dtype} values, not floating-point weights");
            return;
        }

        target.copy_(source.to(target.dtype));
    }

    private static Dictionary<string, Tensor> Read(string path, string model)
    {
        var format = Sniff(path);
        try
        {
            return format switch
            {
                "safetensors" => Safetensors.LoadStateDict(path),
                "pytorch" => ReadPyTorch(path),
                _ => throw new FeatureNetworkException(
                    $"{path} is neither a PyTorch state dict (torch.save, zip format) nor a safetensors file; cannot load {model} weights from it. " +
                    "Re-save old-format files with torch.save(state_dict, path) from a recent PyTorch."),
            };
        }
        catch (Exception ex) when (ex is not FeatureNetworkException and not OutOfMemoryException)
        {
            throw new FeatureNetworkException($"The {model} weights file {path} cannot be read as a {format} file: {ex.Message}", ex);
        }
    }

    private static Dictionary<string, Tensor> ReadPyTorch(string path)
    {
        PickleCheck.VerifyZip(path); // the unpickler trusts length prefixes; refuse lying ones before it allocates them
        return ToDictionary(PyTorchUnpickler.UnpickleStateDict(path));
    }

    private static Dictionary<string, Tensor> ToDictionary(Hashtable table)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in table)
        {
            if (e.Key is string key && e.Value is Tensor t) result[key] = t;
        }

        return result;
    }

    /// <summary>Tells the formats apart by content: a zip archive (PyTorch ≥ 1.6) or a safetensors JSON header.</summary>
    private static string Sniff(string path)
    {
        Span<byte> head = stackalloc byte[9];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4) return "pytorch";
        if (read >= 9 && head[8] == (byte)'{' && BitConverter.ToUInt64(head[..8]) < (ulong)new FileInfo(path).Length) return "safetensors";
        return "unknown";
    }
}
