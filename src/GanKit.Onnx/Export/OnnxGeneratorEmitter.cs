using GanKit.Models;
using Generator = GanKit.Models.Generator;
using GanKit.Models.Architectures;
using GanKit.Models.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;
using A = GanKit.Onnx.OnnxGraphBuilder;

namespace GanKit.Onnx;

/// <summary>
/// Writes a generator's forward pass as ONNX nodes: the built-in MLP, DCGAN, ResNet, MSG-GAN and progressive networks exactly as their
/// <c>forward</c> computes (read through their registered submodules), and custom modules whose forward is the chain of
/// their layers.
/// </summary>
internal static class OnnxGeneratorEmitter
{
    /// <summary>Emits the graph from <paramref name="latent"/> (and <paramref name="labels"/>) to the samples; returns the output value and the architecture name.</summary>
    public static (string Output, string Architecture) Emit(A g, Generator generator, string latent, string? labels)
    {
        var network = generator.Network;
        switch (network)
        {
            case MlpGeneratorNetwork:
                return (Mlp(g, generator, latent, labels), "mlp");
            case DcganGeneratorNetwork:
                return (Dcgan(g, generator, latent, labels), "dcgan");
            case ResNetGeneratorNetwork:
                return (ResNet(g, generator, latent, labels), "resnet");
            case MsgGeneratorNetwork msg:
                return (Pyramid(g, msg, latent, labels, msg.MaxLevel, 1.0), "msg");
            case ProgressiveGeneratorNetwork progressive:
                var (level, alpha) = progressive.Growth;
                return (Pyramid(g, progressive, latent, labels, level, alpha), "progressive");
            default:
                return (Custom(g, generator, latent), "custom");
        }
    }

    /// <summary>Every module type in the generator without an ONNX translation.</summary>
    public static List<string> Unsupported(Generator generator)
    {
        var network = generator.Network;
        if (network is MlpGeneratorNetwork or DcganGeneratorNetwork or ResNetGeneratorNetwork or PyramidGeneratorNetwork)
        {
            // Their own structure is translated here; what is inside must still be translatable (e.g. a layer added by an option).
            var unsupported = new List<string>();
            foreach (var (_, child) in network.named_modules())
            {
                if (child is Sequential || !OnnxLayerEmitter.IsLeaf(child) || child is Embedding || child is ConditionalBatchNorm2d) continue;
                foreach (var t in OnnxLayerEmitter.Unsupported(child).Where(t => !unsupported.Contains(t))) unsupported.Add(t);
            }

            return unsupported;
        }

        return OnnxLayerEmitter.Unsupported(network);
    }

    private static string Mlp(A g, Generator generator, string latent, string? labels)
    {
        var x = latent;
        if (Child<Embedding>(generator.Network, "embedding", optional: true) is { } embedding)
        {
            var embedded = g.Node("Gather", [g.Weight("embedding.weight", embedding.weight!), RequireLabels(labels)], "embedding", A.Attribute("axis", 0L));
            x = g.Node("Concat", [latent, embedded], "mlp_input", A.Attribute("axis", 1L));
        }

        x = OnnxLayerEmitter.Emit(g, Child<Sequential>(generator.Network, "body")!, x, "body");
        if (generator.OutputShape.Count == 3) x = g.Node("Tanh", [x], "tanh");
        return g.ReshapeBatch(x, generator.OutputShape, "reshape");
    }

    private static string Dcgan(A g, Generator generator, string latent, string? labels)
    {
        var convs = Child<ModuleList<nn.Module<Tensor, Tensor>>>(generator.Network, "convs")!;
        var norms = Child<ModuleList<nn.Module<Tensor, Tensor>>>(generator.Network, "norms")!;
        var conditional = Child<ModuleList<ConditionalBatchNorm2d>>(generator.Network, "conditionalNorms")!;
        var x = g.ReshapeBatch(latent, [generator.LatentSize, 1, 1], "latent_map");
        for (int i = 0; i < convs.Count - 1; i++)
        {
            x = OnnxLayerEmitter.Emit(g, convs[i], x, $"convs.{i}");
            x = conditional.Count > 0
                ? ConditionalBatchNorm(g, conditional[i], x, RequireLabels(labels), $"conditionalNorms.{i}")
                : OnnxLayerEmitter.Emit(g, norms[i], x, $"norms.{i}");
            x = g.Node("Relu", [x], $"relu.{i}");
        }

        x = OnnxLayerEmitter.Emit(g, convs[^1], x, $"convs.{convs.Count - 1}");
        return g.Node("Tanh", [x], "tanh");
    }

    private static string ResNet(A g, Generator generator, string latent, string? labels)
    {
        var network = generator.Network;
        var input = Child<Linear>(network, "input")!;
        int start = ImageGeometry.StartSize(generator.OutputShape[1]);
        long startChannels = input.weight.shape[0] / (start * start);
        var x = OnnxLayerEmitter.Emit(g, input, latent, "input");
        x = g.ReshapeBatch(x, [startChannels, start, start], "input_map");
        var blocks = Child<ModuleList<UpResidualBlock>>(network, "blocks")!;
        for (int i = 0; i < blocks.Count; i++) x = UpBlock(g, blocks[i], x, labels, $"blocks.{i}");
        x = OnnxLayerEmitter.Emit(g, Child<BatchNorm2d>(network, "finalNorm")!, x, "finalNorm");
        x = g.Node("Relu", [x], "final_relu");
        x = OnnxLayerEmitter.Emit(g, Child<Conv2d>(network, "finalConv")!, x, "finalConv");
        return g.Node("Tanh", [x], "tanh");
    }

    // BN → ReLU → upsample ×2 → conv3 → BN → ReLU → conv3, plus upsample → conv1 shortcut (UpResidualBlock.forward).
    private static string UpBlock(A g, UpResidualBlock block, string x, string? labels, string hint)
    {
        string Norm(string name, string value)
        {
            var conditional = Child<ConditionalBatchNorm2d>(block, "c" + name, optional: true);
            return conditional is not null
                ? ConditionalBatchNorm(g, conditional, value, RequireLabels(labels), $"{hint}.c{name}")
                : OnnxLayerEmitter.Emit(g, Child<BatchNorm2d>(block, name)!, value, $"{hint}.{name}");
        }

        var h = g.Node("Relu", [Norm("bn1", x)], hint + ".relu1");
        h = OnnxLayerEmitter.Emit(g, Child<nn.Module>(block, "conv1")!, OnnxLayerEmitter.Upsample2x(g, h, hint + ".up1"), hint + ".conv1");
        h = g.Node("Relu", [Norm("bn2", h)], hint + ".relu2");
        h = OnnxLayerEmitter.Emit(g, Child<nn.Module>(block, "conv2")!, h, hint + ".conv2");
        var s = OnnxLayerEmitter.Emit(g, Child<nn.Module>(block, "shortcut")!, OnnxLayerEmitter.Upsample2x(g, x, hint + ".up_shortcut"), hint + ".shortcut");
        return g.Node("Add", [h, s], hint);
    }

    // normalized · γ[label] + β[label], γ and β looked up per sample and broadcast over the feature map (ConditionalBatchNorm2d.forward).
    private static string ConditionalBatchNorm(A g, ConditionalBatchNorm2d layer, string x, string labels, string hint)
    {
        var norm = Child<BatchNorm2d>(layer, "norm")!;
        var channels = norm.num_features;
        var normalized = OnnxLayerEmitter.BatchNorm(g, norm, x, hint + ".norm");
        string PerClass(string name)
        {
            var table = Child<Embedding>(layer, name)!;
            var rows = g.Node("Gather", [g.Weight($"{hint}.{name}.weight", table.weight!), labels], $"{hint}.{name}", A.Attribute("axis", 0L));
            return g.ReshapeBatch(rows, [channels, 1, 1], $"{hint}.{name}_map");
        }

        return g.Node("Add", [g.Node("Mul", [normalized, PerClass("gamma")], hint + ".scaled"), PerClass("beta")], hint);
    }

    // PyramidGeneratorNetwork.Features up to the level, that level's image, the fade-in blend with the image of the level
    // below (progressive, α < 1) and the nearest up-sampling to the full size (progressive, below the last level).
    // MSG-GAN exports its full-resolution output only, as its forward returns it.
    private static string Pyramid(A g, PyramidGeneratorNetwork network, string latent, string? labels, int level, double alpha)
    {
        var pixelNorm = Child<PixelNorm>(network, "pixelNorm", optional: true);
        var input = Child<nn.Module>(network, "input")!;
        var convs = Child<ModuleList<nn.Module<Tensor, Tensor>>>(network, "convs")!;
        var toImage = Child<ModuleList<nn.Module<Tensor, Tensor>>>(network, "toImage")!;
        string Activate(string value, string hint)
        {
            var y = g.Node("LeakyRelu", [value], hint + ".leaky", A.Attribute("alpha", 0.2f));
            return pixelNorm is null ? y : OnnxLayerEmitter.PixelNormalize(g, y, hint + ".pixel_norm");
        }

        var x = latent;
        if (Child<Embedding>(network, "embedding", optional: true) is { } embedding)
        {
            var embedded = g.Node("Gather", [g.Weight("embedding.weight", embedding.weight!), RequireLabels(labels)], "embedding", A.Attribute("axis", 0L));
            x = g.Node("Concat", [latent, embedded], "input_vector", A.Attribute("axis", 1L));
        }

        if (pixelNorm is not null) x = OnnxLayerEmitter.PixelNormalize(g, x, "input_pixel_norm");
        long startFeatures = input is EqualizedLinear equalized ? equalized.Weight.shape[0] : ((Linear)input).weight.shape[0];
        var h = OnnxLayerEmitter.Emit(g, input, x, "input");
        h = Activate(g.ReshapeBatch(h, [startFeatures / 16, 4, 4], "input_map"), "input");
        h = Activate(OnnxLayerEmitter.Emit(g, Child<nn.Module>(network, "inputConv")!, h, "inputConv"), "inputConv");
        var below = h;
        for (int l = 1; l <= level; l++)
        {
            below = h;
            h = OnnxLayerEmitter.Upsample2x(g, h, $"level{l}.up");
            h = Activate(OnnxLayerEmitter.Emit(g, convs[2 * (l - 1)], h, $"convs.{2 * (l - 1)}"), $"convs.{2 * (l - 1)}");
            h = Activate(OnnxLayerEmitter.Emit(g, convs[2 * l - 1], h, $"convs.{2 * l - 1}"), $"convs.{2 * l - 1}");
        }

        string ToImage(int l, string features) =>
            g.Node("Tanh", [OnnxLayerEmitter.Emit(g, toImage[l], features, $"toImage.{l}")], $"image{l}");

        var image = ToImage(level, h);
        if (level > 0 && alpha < 1)
        {
            // GrowthState.Blend: low + α·(high − low).
            var low = OnnxLayerEmitter.Upsample2x(g, ToImage(level - 1, below), "fade_in.up");
            var step = g.Node("Mul", [g.Node("Sub", [image, low], "fade_in.difference"), g.Floats("fade_in.alpha", [(float)alpha])], "fade_in.scaled");
            image = g.Node("Add", [low, step], "fade_in");
        }

        if (level < network.MaxLevel) image = OnnxLayerEmitter.UpsampleNearest(g, image, 1 << (network.MaxLevel - level), "to_full_size");
        return image;
    }

    private static string Custom(A g, Generator generator, string latent)
    {
        var x = latent;
        foreach (var (name, layer) in ChainOf(generator.Network)) x = OnnxLayerEmitter.Emit(g, layer, x, name);
        return g.ReshapeBatch(x, generator.OutputShape, "reshape");
    }

    /// <summary>The module's layers in registration order, flattened through containers: what a custom export runs.</summary>
    public static IReadOnlyList<(string Name, nn.Module Module)> ChainOf(nn.Module module)
    {
        var chain = new List<(string, nn.Module)>();
        void Add(string prefix, nn.Module m)
        {
            if (OnnxLayerEmitter.IsLeaf(m)) { chain.Add((prefix, m)); return; }
            foreach (var (name, child) in m.named_children()) Add(prefix.Length == 0 ? name : $"{prefix}.{name}", child);
        }

        Add("", module);
        return chain;
    }

    private static string RequireLabels(string? labels) =>
        labels ?? throw new OnnxExportException("The generator has class-conditional layers but its descriptor declares no classes.");

    private static T? Child<T>(nn.Module module, string name, bool optional = false) where T : nn.Module
    {
        foreach (var (childName, child) in module.named_children())
        {
            if (childName == name)
            {
                return child as T ?? throw new OnnxExportException(
                    $"The {module.GetType().Name}'s '{name}' is a {child.GetType().Name}, not the {typeof(T).Name} the exporter expects.");
            }
        }

        return optional ? null : throw new OnnxExportException($"The {module.GetType().Name} has no submodule '{name}' the exporter expects.");
    }
}
