using System.Globalization;
using System.Reflection;
using System.Text.Json;
using GanKit.Models;
using Generator = GanKit.Models.Generator;
using Google.Protobuf;
using static TorchSharp.torch;
using A = GanKit.Onnx.OnnxGraphBuilder;
using Proto = global::Onnx;

namespace GanKit.Onnx;

/// <summary>
/// Exports trained generators to ONNX, so that they run with ONNX Runtime (or any ONNX runtime) without libtorch.
/// The model takes <c>latent</c> (float32 <c>[batch, latent size]</c>) and, for conditional generators, <c>labels</c>
/// (int64 <c>[batch]</c>), and returns <c>samples</c> (float32 <c>[batch, …sample shape]</c>); the batch size is dynamic.
/// Its metadata (<see cref="OnnxMetadataKeys"/>) records the latent size, sample shape, output range and class names.
/// </summary>
/// <remarks>
/// The graph computes the generator in inference mode (batch norm with its running statistics), as
/// <see cref="Generator.Generate"/> does. Export the EMA generator (<c>trainer.SamplingGenerator</c>, or
/// <c>Checkpoint.LoadGenerator(path)</c>, which prefers the EMA weights) for the better samples. Supported: the built-in
/// MLP, DCGAN, ResNet, MSG-GAN and progressive generators, conditional or not, and custom modules whose forward applies their layers in
/// registration order (checked numerically) and whose layers are all in <see cref="OnnxLayerEmitter.SupportedList"/>.
/// The MSG-GAN and progressive generators export their full-resolution <c>samples</c> only (MSG-GAN's lower-resolution
/// outputs are not graph outputs); a progressive generator exports its current state, the active level and fade-in α
/// baked in as constants and recorded in the metadata (<see cref="OnnxMetadataKeys.ProgressiveLevel"/>,
/// <see cref="OnnxMetadataKeys.ProgressiveAlpha"/>).
/// </remarks>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the exported graphs use.</summary>
    public const int OpsetVersion = 17;

    /// <summary>Writes <paramref name="generator"/> as an ONNX model to <paramref name="path"/> (replacing the file atomically).</summary>
    /// <param name="generator">The generator; its weights are read, never changed.</param>
    /// <param name="path">The <c>.onnx</c> file to write.</param>
    /// <param name="options">Class names and description; null means none.</param>
    /// <exception cref="OnnxExportException">The generator contains layers without an ONNX translation (all are listed), or a custom module is not a chain of its layers.</exception>
    /// <exception cref="ArgumentException">The class names do not match the generator's classes.</exception>
    public static void ExportGenerator(Generator generator, string path, OnnxExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = ExportGenerator(generator, options);
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Returns <paramref name="generator"/> as the bytes of an ONNX model.</summary>
    /// <param name="generator">The generator; its weights are read, never changed.</param>
    /// <param name="options">Class names and description; null means none.</param>
    /// <returns>The serialized ONNX <c>ModelProto</c>.</returns>
    /// <exception cref="OnnxExportException">The generator contains layers without an ONNX translation (all are listed), or a custom module is not a chain of its layers.</exception>
    /// <exception cref="ArgumentException">The class names do not match the generator's classes.</exception>
    public static byte[] ExportGenerator(Generator generator, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        options ??= new OnnxExportOptions();
        if (options.ClassNames is { } names && names.Count != (generator.ClassCount ?? 0))
            throw new ArgumentException(
                $"{names.Count} class names were given for a generator with {generator.ClassCount ?? 0} classes.", nameof(options));

        var unsupported = OnnxGeneratorEmitter.Unsupported(generator);
        if (unsupported.Count > 0)
            throw new OnnxExportException(
                $"The generator cannot be exported to ONNX: it contains {string.Join(", ", unsupported)}, which the exporter cannot " +
                $"translate. Supported layers: {OnnxLayerEmitter.SupportedList}.", unsupported);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var network = generator.Network;
        var wasTraining = network.training;
        network.eval();
        try
        {
            var g = new A();
            var latent = g.Fresh(OnnxMetadataKeys.LatentInput);
            string? labels = generator.ClassCount is null ? null : g.Fresh(OnnxMetadataKeys.LabelsInput);
            var (output, architecture) = OnnxGeneratorEmitter.Emit(g, generator, latent, labels);
            if (architecture == "custom") CheckChain(generator);
            g.Node("Identity", [output], OnnxMetadataKeys.SamplesOutput);

            g.Graph.Name = "gankit_generator";
            g.Graph.Input.Add(A.BatchValue(latent, Proto.TensorProto.Types.DataType.Float, [generator.LatentSize]));
            if (labels is not null) g.Graph.Input.Add(A.BatchValue(labels, Proto.TensorProto.Types.DataType.Int64, []));
            g.Graph.Output.Add(A.BatchValue(OnnxMetadataKeys.SamplesOutput, Proto.TensorProto.Types.DataType.Float, generator.OutputShape));

            var model = new Proto.ModelProto
            {
                IrVersion = 8, // ONNX 1.10+: every ONNX Runtime since 1.10 reads it; opset 17 needs IR ≥ 8.
                ProducerName = "GanKit",
                ProducerVersion = typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
                DocString = options.Description ?? $"GanKit {architecture} generator: latent [{generator.LatentSize}] → samples [{string.Join(",", generator.OutputShape)}].",
                Graph = g.Graph,
            };
            model.OpsetImport.Add(new Proto.OperatorSetIdProto { Domain = "", Version = OpsetVersion });
            void Meta(string key, string value) => model.MetadataProps.Add(new Proto.StringStringEntryProto { Key = key, Value = value });
            Meta(OnnxMetadataKeys.LatentSize, generator.LatentSize.ToString(CultureInfo.InvariantCulture));
            Meta(OnnxMetadataKeys.SampleShape, string.Join(",", generator.OutputShape.Select(d => d.ToString(CultureInfo.InvariantCulture))));
            Meta(OnnxMetadataKeys.OutputRange, OutputRange(generator, architecture));
            Meta(OnnxMetadataKeys.ClassCount, (generator.ClassCount ?? 0).ToString(CultureInfo.InvariantCulture));
            if (options.ClassNames is { } classNames) Meta(OnnxMetadataKeys.ClassNames, JsonSerializer.Serialize(classNames));
            Meta(OnnxMetadataKeys.Architecture, architecture);
            if (architecture == "progressive" && network is IProgressiveNetwork progressive)
            {
                var (level, alpha) = progressive.Growth;
                Meta(OnnxMetadataKeys.ProgressiveLevel, level.ToString(CultureInfo.InvariantCulture));
                Meta(OnnxMetadataKeys.ProgressiveAlpha, alpha.ToString("R", CultureInfo.InvariantCulture));
            }

            return model.ToByteArray();
        }
        finally
        {
            network.train(wasTraining);
        }
    }

    private static string OutputRange(Generator generator, string architecture)
    {
        if (architecture is "dcgan" or "resnet" or "msg" or "progressive") return "-1,1";
        if (architecture == "mlp") return generator.OutputShape.Count == 3 ? "-1,1" : "unbounded";
        return OnnxGeneratorEmitter.ChainOf(generator.Network).LastOrDefault().Module switch
        {
            TorchSharp.Modules.Tanh => "-1,1",
            TorchSharp.Modules.Sigmoid => "0,1",
            _ => "unbounded",
        };
    }

    /// <summary>
    /// A custom module is exported as the chain of its layers; its forward may do something else (skip a layer, add a residual),
    /// which no graph walk can see. Running both on the same latents tells.
    /// </summary>
    private static void CheckChain(Generator generator)
    {
        if (generator.ClassCount is not null)
            throw new OnnxExportException("Conditional custom generators cannot be exported: how their forward uses the labels is not visible to the exporter.");
        using var scope = NewDisposeScope();
        using var random = new TorchSharp.torch.Generator(12345, generator.Device);
        var z = randn([3, generator.LatentSize], generator: random, device: generator.Device);
        var expected = generator.Forward(z).to(ScalarType.Float32);
        var x = z;
        foreach (var (_, layer) in OnnxGeneratorEmitter.ChainOf(generator.Network))
            x = ((nn.Module<Tensor, Tensor>)layer).call(x);
        var actual = x.reshape(expected.shape).to(ScalarType.Float32);
        var scale = Math.Max(1e-6, expected.abs().max().item<float>());
        if ((actual - expected).abs().max().item<float>() > 1e-4 * scale)
            throw new OnnxExportException(
                $"The custom generator module {generator.Network.GetType().Name} does not compute the chain of its layers in registration order " +
                "(running them one after another gives other samples than its forward), so its graph cannot be derived from its layers. " +
                "Build it as a Sequential of supported layers, or as a module whose forward applies its registered layers in order.");
    }
}
