namespace GanKit.Onnx;

/// <summary>
/// The <c>metadata_props</c> keys of an exported generator, so that an app with only ONNX Runtime knows how to feed it and
/// how to read its output. Values are strings: numbers in invariant culture, lists comma-separated, class names as JSON.
/// </summary>
/// <remarks>
/// The graph's inputs are <c>latent</c> (float32 <c>[batch, LatentSize]</c>, standard normal) and, for conditional
/// generators, <c>labels</c> (int64 <c>[batch]</c>, in [0, class count)); its output is <c>samples</c> (float32
/// <c>[batch, …SampleShape]</c>). The batch size is dynamic.
/// </remarks>
public static class OnnxMetadataKeys
{
    /// <summary>The latent size, e.g. "128".</summary>
    public const string LatentSize = "gankit.latent_size";

    /// <summary>The shape of one sample, e.g. "1,28,28" for a grayscale 28×28 image or "2" for a 2-D point.</summary>
    public const string SampleShape = "gankit.sample_shape";

    /// <summary>The range of the output values: "-1,1" (tanh images), "0,1", or "unbounded".</summary>
    public const string OutputRange = "gankit.output_range";

    /// <summary>The number of classes of a conditional generator, "0" when unconditional.</summary>
    public const string ClassCount = "gankit.class_count";

    /// <summary>The class names as a JSON array of strings, when given at export.</summary>
    public const string ClassNames = "gankit.class_names";

    /// <summary>The architecture: "mlp", "dcgan", "resnet", "msg", "progressive" or "custom".</summary>
    public const string Architecture = "gankit.architecture";

    /// <summary>
    /// A progressive generator's active level at export (0 is 4×4, each level doubles the size), baked into the graph;
    /// the samples are up-sampled (nearest) from that level's resolution to the full size, as <c>Generator.Forward</c> returns them.
    /// </summary>
    public const string ProgressiveLevel = "gankit.progressive_level";

    /// <summary>A progressive generator's fade-in α at export (invariant culture, round-trip format), baked into the graph.</summary>
    public const string ProgressiveAlpha = "gankit.progressive_alpha";

    /// <summary>The graph input holding the latent vectors.</summary>
    public const string LatentInput = "latent";

    /// <summary>The graph input holding the class labels (conditional generators only).</summary>
    public const string LabelsInput = "labels";

    /// <summary>The graph output holding the samples.</summary>
    public const string SamplesOutput = "samples";
}
