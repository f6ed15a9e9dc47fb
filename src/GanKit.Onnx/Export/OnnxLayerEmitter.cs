using GanKit.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using A = GanKit.Onnx.OnnxGraphBuilder;

namespace GanKit.Onnx;

/// <summary>
/// Translates the single-input layers a generator is made of into ONNX nodes, with inference semantics (batch norm uses its
/// running statistics, dropout is the identity). <see cref="Unsupported"/> lists, for a whole module tree, every layer type
/// without a translation, so an export fails once with the complete list.
/// </summary>
internal static class OnnxLayerEmitter
{
    /// <summary>The layer types this class translates, for error messages.</summary>
    public const string SupportedList =
        "Sequential, Linear, Conv2d, ConvTranspose2d, BatchNorm1d, BatchNorm2d, Embedding (conditional built-in generators), " +
        "ReLU, LeakyReLU, Tanh, Sigmoid, Identity, Dropout, EqualizedLinear, EqualizedConv2d, PixelNorm (MSG-GAN and progressive generators)";

    /// <summary>The distinct type names of leaf modules in <paramref name="module"/>'s tree that cannot be translated.</summary>
    public static List<string> Unsupported(nn.Module module)
    {
        var found = new List<string>();
        void Visit(nn.Module m)
        {
            if (m is Sequential)
            {
                foreach (var (_, child) in m.named_children()) Visit(child);
                return;
            }

            if (IsEmptyContainer(m)) return;
            if (!m.named_children().Any())
            {
                if (!IsSupportedLeaf(m, out var reason) && !found.Contains(reason)) found.Add(reason);
                return;
            }

            foreach (var (_, child) in m.named_children()) Visit(child);
        }

        Visit(module);
        return found;
    }

    /// <summary>Whether <paramref name="module"/> has no submodules (an empty container is not a leaf: it computes nothing).</summary>
    public static bool IsLeaf(nn.Module module) => !module.named_children().Any() && !IsEmptyContainer(module);

    /// <summary>An empty ModuleList/ModuleDict/Sequential, e.g. the unused norm list of a conditional DCGAN.</summary>
    public static bool IsEmptyContainer(nn.Module module) =>
        !module.named_children().Any() && (module is Sequential || module.GetType().Name.StartsWith("Module", StringComparison.Ordinal));

    private static bool IsSupportedLeaf(nn.Module m, out string typeName)
    {
        typeName = m.GetType().Name;
        switch (m)
        {
            case Linear or ReLU or LeakyReLU or Tanh or Sigmoid or Identity or Dropout:
            case EqualizedLinear or EqualizedConv2d or PixelNorm:
                return true;
            case Convolution c:
                if (c.kernel_size.Length != 2) { typeName += $" ({c.kernel_size.Length}-D)"; return false; }
                if (c.padding_mode != PaddingModes.Zeros) { typeName += $" (padding mode {c.padding_mode})"; return false; }
                return true;
            case BatchNorm1d or BatchNorm2d:
                if (((NormBase)m).running_mean is null) { typeName += " (without running statistics)"; return false; }
                return true;
            default:
                return false;
        }
    }

    /// <summary>Emits <paramref name="module"/> (a supported leaf or a Sequential of them) applied to <paramref name="x"/>.</summary>
    public static string Emit(A g, nn.Module module, string x, string hint)
    {
        switch (module)
        {
            case Sequential sequential:
                foreach (var (name, child) in sequential.named_children()) x = Emit(g, child, x, $"{hint}.{name}");
                return x;
            case Linear linear:
                return linear.bias is null
                    ? g.Node("Gemm", [x, g.Weight(hint + ".weight", linear.weight)], hint, A.Attribute("transB", 1L))
                    : g.Node("Gemm", [x, g.Weight(hint + ".weight", linear.weight), g.Weight(hint + ".bias", linear.bias)], hint, A.Attribute("transB", 1L));
            case Convolution conv:
                return Convolution(g, conv, x, hint);
            case BatchNorm1d or BatchNorm2d:
                return BatchNorm(g, (NormBase)module, x, hint);
            case ReLU:
                return g.Node("Relu", [x], hint);
            case LeakyReLU leaky:
                return g.Node("LeakyRelu", [x], hint, A.Attribute("alpha", (float)leaky.negative_slope));
            case Tanh:
                return g.Node("Tanh", [x], hint);
            case Sigmoid:
                return g.Node("Sigmoid", [x], hint);
            case Identity or Dropout:
                return x;
            case EqualizedLinear equalized:
                // weight · scale as the layer computes it at call time (the same float32 product), stored once.
                using (var scaled = equalized.Weight * equalized.Scale)
                    return g.Node("Gemm", [x, g.Weight(hint + ".weight", scaled), g.Weight(hint + ".bias", equalized.Bias)], hint, A.Attribute("transB", 1L));
            case EqualizedConv2d equalized:
                using (var scaled = equalized.Weight * equalized.Scale)
                {
                    var p = equalized.Padding;
                    return g.Node("Conv", [x, g.Weight(hint + ".weight", scaled), g.Weight(hint + ".bias", equalized.Bias)], hint,
                        A.Attribute("kernel_shape", scaled.shape[2..]), A.Attribute("pads", new[] { p, p, p, p }));
                }
            case PixelNorm:
                return PixelNormalize(g, x, hint);
            default:
                throw new OnnxExportException(
                    $"The module '{hint}' ({module.GetType().Name}) has no ONNX translation; supported: {SupportedList}.", [module.GetType().Name]);
        }
    }

    /// <summary>Inference batch norm; a layer without affine parameters gets scale 1 and shift 0.</summary>
    public static string BatchNorm(A g, NormBase norm, string x, string hint)
    {
        var channels = norm.num_features;
        var scale = norm.affine ? g.Weight(hint + ".weight", norm.weight) : g.Floats(hint + ".ones", Enumerable.Repeat(1f, (int)channels).ToArray(), channels);
        var shift = norm.affine && norm.bias is not null ? g.Weight(hint + ".bias", norm.bias) : g.Floats(hint + ".zeros", new float[channels], channels);
        return g.Node("BatchNormalization",
            [x, scale, shift, g.Weight(hint + ".running_mean", norm.running_mean!), g.Weight(hint + ".running_var", norm.running_var!)],
            hint, A.Attribute("epsilon", (float)norm.eps));
    }

    /// <summary>x · (mean over the channels (axis 1) of x² + 1e-8)^(−½), as <see cref="GanKit.Models.Layers.PixelNorm"/> computes it.</summary>
    public static string PixelNormalize(A g, string x, string hint)
    {
        var meanSquare = g.Node("ReduceMean", [g.Node("Mul", [x, x], hint + ".square")], hint + ".mean_square",
            A.Attribute("axes", new long[] { 1 }), A.Attribute("keepdims", 1L));
        var rms = g.Node("Sqrt", [g.Node("Add", [meanSquare, g.Floats(hint + ".eps", [1e-8f])], hint + ".plus_eps")], hint + ".rms");
        return g.Node("Mul", [x, g.Node("Reciprocal", [rms], hint + ".inverse_rms")], hint);
    }

    /// <summary>Nearest-neighbour upsampling by an integer <paramref name="factor"/>, as <c>F.interpolate(x, scale_factor: factor, mode: nearest)</c>.</summary>
    public static string UpsampleNearest(A g, string x, float factor, string hint) =>
        g.Node("Resize", [x, "", g.Floats(hint + ".scales", [1f, 1f, factor, factor], 4)], hint,
            A.Attribute("mode", "nearest"), A.Attribute("coordinate_transformation_mode", "asymmetric"), A.Attribute("nearest_mode", "floor"));

    /// <summary>Nearest-neighbour ×2 upsampling as <c>F.interpolate(x, scale_factor: 2, mode: nearest)</c> computes it.</summary>
    public static string Upsample2x(A g, string x, string hint) =>
        g.Node("Resize", [x, "", g.Floats(hint + ".scales", [1f, 1f, 2f, 2f], 4)], hint,
            A.Attribute("mode", "nearest"), A.Attribute("coordinate_transformation_mode", "asymmetric"), A.Attribute("nearest_mode", "floor"));

    private static string Convolution(A g, Convolution conv, string x, string hint)
    {
        var kernel = conv.kernel_size;
        long[] pads;
        if (conv.padding is { } p) pads = [p[0], p[1], p[0], p[1]];
        else if (conv.padding_type == Padding.Same)
        {
            // torch's 'same': the total padding dilation·(k−1), the extra pixel (if odd) at the end.
            var total = kernel.Select((k, i) => conv.dilation[i] * (k - 1)).ToArray();
            pads = [total[0] / 2, total[1] / 2, total[0] - total[0] / 2, total[1] - total[1] / 2];
        }
        else pads = [0, 0, 0, 0];

        var inputs = new List<string> { x, g.Weight(hint + ".weight", conv.weight) };
        if (conv.bias is not null) inputs.Add(g.Weight(hint + ".bias", conv.bias));
        var attributes = new List<global::Onnx.AttributeProto>
        {
            A.Attribute("kernel_shape", kernel), A.Attribute("strides", conv.stride), A.Attribute("pads", pads),
            A.Attribute("dilations", conv.dilation), A.Attribute("group", conv.groups),
        };
        if (conv.transposed) attributes.Add(A.Attribute("output_padding", conv.output_padding));
        return g.Node(conv.transposed ? "ConvTranspose" : "Conv", inputs, hint, [.. attributes]);
    }
}
