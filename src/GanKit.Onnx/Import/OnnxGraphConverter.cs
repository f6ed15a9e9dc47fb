using GanKit.Features;
using static TorchSharp.torch;

namespace GanKit.Onnx;

/// <summary>
/// Converts an ONNX graph of 2-D convolutional operators into a frozen <see cref="OnnxGraphModule"/>.
/// Supported operators: Conv, BatchNormalization (inference), Relu, Add, MaxPool, AveragePool. Anything else is refused
/// with a <see cref="FeatureNetworkException"/> naming the node.
/// </summary>
internal static class OnnxGraphConverter
{
    private const string Supported = "Conv, BatchNormalization, Relu, Add, MaxPool, AveragePool";

    /// <summary>
    /// Builds the module. Each weight tensor comes from <paramref name="weights"/> (given the initializer) or, by default, is
    /// created from the initializer's data. The module owns the tensors it is given.
    /// </summary>
    public static OnnxGraphModule Convert(OnnxGraph graph, string name, Func<OnnxTensor, Tensor>? weights = null)
    {
        Tensor ToTensor(OnnxTensor t) => weights is null ? tensor(t.FloatData, t.Dims) : weights(t);

        var dataInputs = graph.DataInputs.ToList();
        if (dataInputs.Count != 1)
            throw new FeatureNetworkException($"The ONNX graph has {dataInputs.Count} data inputs; a feature network needs exactly one image input.");
        if (graph.Outputs.Count == 0) throw new FeatureNetworkException("The ONNX graph declares no output.");

        var input = dataInputs[0];
        var sizes = new Dictionary<string, (long Height, long Width)>(StringComparer.Ordinal);
        if (input.Shape.Count == 4 && input.Shape[2] is { } h && input.Shape[3] is { } w) sizes[input.Name] = (h, w);

        var known = new HashSet<string>(StringComparer.Ordinal) { input.Name };
        var steps = new List<OnnxStep>();
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            if (node.Outputs.Count == 0) throw Unsupported(node, "it has no output");
            var dataIn = node.Inputs.Where(i => i.Length > 0 && !graph.Initializers.ContainsKey(i)).ToArray();
            foreach (var i in dataIn)
            {
                if (!known.Contains(i)) throw Unsupported(node, $"its input '{i}' is neither the graph input, a weight nor an earlier node's output");
            }

            var output = node.Outputs[0];
            var first = dataIn.FirstOrDefault();
            (long, long)? inputSize = first is not null && sizes.TryGetValue(first, out var known2) ? known2 : null;
            (long, long)? outSize = inputSize;
            switch (node.OpType)
            {
                case "Conv":
                {
                    var weight = Weight(graph, node, 1, rank: 4);
                    var bias = node.Inputs.Count > 2 && node.Inputs[2].Length > 0 ? Weight(graph, node, 2, rank: 1) : null;
                    var kernel = new[] { weight.Dims[2], weight.Dims[3] };
                    var strides = Pair(node, "strides");
                    var dilations = Pair(node, "dilations");
                    var padding = OnnxPadding.FromNode(node.String("auto_pad", "NOTSET"), node.Ints("pads", []), kernel, strides, dilations, inputSize);
                    var key = Key(node, keys);
                    modules.Add((key, new OnnxConv2d(key, ToTensor(weight), bias is null ? null : ToTensor(bias), strides, dilations, node.Int("group", 1), padding)));
                    steps.Add(new OnnxStep(OnnxStepKind.Module, [OneDataInput(node, dataIn)], output, key));
                    outSize = OutputSize(inputSize, padding, kernel, strides, dilations);
                    break;
                }
                case "BatchNormalization":
                {
                    var key = Key(node, keys);
                    modules.Add((key, new OnnxBatchNorm2d(key, ToTensor(Weight(graph, node, 1, 1)), ToTensor(Weight(graph, node, 2, 1)),
                        ToTensor(Weight(graph, node, 3, 1)), ToTensor(Weight(graph, node, 4, 1)), node.Float("epsilon", 1e-5f))));
                    steps.Add(new OnnxStep(OnnxStepKind.Module, [OneDataInput(node, dataIn)], output, key));
                    break;
                }
                case "MaxPool":
                case "AveragePool":
                {
                    if (node.Int("ceil_mode", 0) != 0) throw Unsupported(node, "ceil_mode=1 is not supported");
                    if (node.Ints("dilations", [1, 1]).Any(d => d != 1)) throw Unsupported(node, "dilated pooling is not supported");
                    var kernel = node.Ints("kernel_shape", []).ToArray();
                    if (kernel.Length != 2) throw Unsupported(node, "only 2-D pooling with a kernel_shape is supported");
                    var strides = Pair(node, "strides");
                    var padding = OnnxPadding.FromNode(node.String("auto_pad", "NOTSET"), node.Ints("pads", []), kernel, strides, [1, 1], inputSize);
                    var key = Key(node, keys);
                    modules.Add((key, new OnnxPool2d(key, node.OpType == "MaxPool", kernel, strides, padding, node.Int("count_include_pad", 0) != 0)));
                    steps.Add(new OnnxStep(OnnxStepKind.Module, [OneDataInput(node, dataIn)], output, key));
                    outSize = OutputSize(inputSize, padding, kernel, strides, [1, 1]);
                    break;
                }
                case "Relu":
                    steps.Add(new OnnxStep(OnnxStepKind.Relu, [OneDataInput(node, dataIn)], output, null));
                    break;
                case "Add":
                    if (dataIn.Length != 2) throw Unsupported(node, "only the sum of two computed values is supported");
                    steps.Add(new OnnxStep(OnnxStepKind.Add, dataIn, output, null));
                    break;
                default:
                    throw new FeatureNetworkException(
                        $"The ONNX graph uses operator '{node.OpType}' (node '{node.Name}'), which GanKit's converter does not support (supported: {Supported}).");
            }

            known.Add(output);
            if (outSize is { } size) sizes[output] = size;
        }

        return new OnnxGraphModule(name, input.Name, graph.Outputs[0].Name, steps, modules);
    }

    private static (long, long)? OutputSize((long H, long W)? input, OnnxPadding padding, long[] kernel, long[] strides, long[] dilations)
    {
        if (input is not { } size) return null;
        var p = padding.For(size.H, size.W, kernel, strides, dilations);
        long Out(long n, long before, long after, int d) => (n + before + after - ((kernel[d] - 1) * dilations[d] + 1)) / strides[d] + 1;
        return (Out(size.H, p[0], p[2], 0), Out(size.W, p[1], p[3], 1));
    }

    private static long[] Pair(OnnxNode node, string attribute)
    {
        var values = node.Ints(attribute, [1, 1]);
        if (values.Count != 2 || values.Any(v => v < 1)) throw Unsupported(node, $"'{attribute}' must be two positive numbers for a 2-D operator");
        return values.ToArray();
    }

    private static OnnxTensor Weight(OnnxGraph graph, OnnxNode node, int index, int rank)
    {
        if (node.Inputs.Count <= index || !graph.Initializers.TryGetValue(node.Inputs[index], out var t))
            throw Unsupported(node, $"its input #{index} must be a stored weight");
        if (t.DataType != OnnxTensor.Float) throw Unsupported(node, $"weight '{t.Name}' is not float32 (ONNX type {t.DataType})");
        if (t.Dims.Length != rank) throw Unsupported(node, $"weight '{t.Name}' has rank {t.Dims.Length}, expected {rank}");
        return t;
    }

    private static string OneDataInput(OnnxNode node, string[] dataIn) =>
        dataIn.Length == 1 ? dataIn[0] : throw Unsupported(node, $"it has {dataIn.Length} computed inputs; {node.OpType} takes exactly one");

    private static string Key(OnnxNode node, HashSet<string> used)
    {
        var key = node.Name.Replace('.', '_');
        var unique = key;
        for (var i = 2; !used.Add(unique); i++) unique = $"{key}_{i}";
        return unique;
    }

    private static FeatureNetworkException Unsupported(OnnxNode node, string why) =>
        new($"The ONNX node '{node.Name}' ({node.OpType}) cannot be converted: {why}.");
}
