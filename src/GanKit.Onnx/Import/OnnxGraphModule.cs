using GanKit.Features;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Onnx;

/// <summary>
/// A frozen TorchSharp module converted from an ONNX graph. It executes the graph's steps in order and can stop as soon as
/// the requested values (taps, by ONNX value name) have been computed. Intermediate values are released after their last use.
/// </summary>
internal sealed class OnnxGraphModule : nn.Module<Tensor, Tensor>
{
    private readonly ModuleDict<nn.Module<Tensor, Tensor>> layers;
    private readonly OnnxStep[] _steps;
    private readonly Dictionary<string, int> _producer;
    private readonly Dictionary<string, int> _lastUse;
    private readonly string _input;
    private readonly string _output;

    public OnnxGraphModule(string name, string input, string output, IReadOnlyList<OnnxStep> steps,
        IEnumerable<(string Key, nn.Module<Tensor, Tensor> Module)> modules) : base(name)
    {
        layers = nn.ModuleDict(modules.ToArray());
        _steps = steps.ToArray();
        _input = input;
        _output = output;
        _producer = new Dictionary<string, int>(StringComparer.Ordinal);
        _lastUse = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _steps.Length; i++)
        {
            _producer[_steps[i].Output] = i;
            foreach (var used in _steps[i].Inputs) _lastUse[used] = i;
        }

        if (!_producer.ContainsKey(output)) throw new FeatureNetworkException($"The ONNX graph's output '{output}' is not produced by any node.");
        RegisterComponents();
    }

    /// <summary>The name of the graph input.</summary>
    public string InputName => _input;

    /// <summary>The names of every value the graph computes, in execution order.</summary>
    public IEnumerable<string> ValueNames => _steps.Select(s => s.Output);

    /// <summary>Whether the graph computes a value called <paramref name="valueName"/>.</summary>
    public bool Produces(string valueName) => _producer.ContainsKey(valueName);

    public override Tensor forward(Tensor input) => Run(input, [_output])[_output];

    /// <summary>
    /// Runs the graph on <paramref name="input"/> up to the last step needed for <paramref name="wanted"/> and returns those values.
    /// Every other intermediate tensor is disposed once no later step needs it.
    /// </summary>
    public Dictionary<string, Tensor> Run(Tensor input, IReadOnlyCollection<string> wanted)
    {
        var keep = new HashSet<string>(wanted, StringComparer.Ordinal);
        var last = -1;
        foreach (var w in keep)
        {
            if (!_producer.TryGetValue(w, out var index)) throw new FeatureNetworkException($"The graph has no value named '{w}'.");
            last = Math.Max(last, index);
        }

        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [_input] = input };
        for (var i = 0; i <= last; i++)
        {
            var step = _steps[i];
            var x = values[step.Inputs[0]];
            values[step.Output] = step.Kind switch
            {
                OnnxStepKind.Relu => nn.functional.relu(x),
                OnnxStepKind.Add => x + values[step.Inputs[1]],
                _ => layers[step.ModuleKey!].call(x),
            };

            foreach (var used in step.Inputs.Distinct())
            {
                if (_lastUse[used] == i && used != _input && !keep.Contains(used))
                {
                    values[used].Dispose();
                    values.Remove(used);
                }
            }
        }

        return keep.ToDictionary(w => w, w => values[w], StringComparer.Ordinal);
    }
}
