namespace GanKit.Features;

/// <summary>
/// The layer layout of torchvision's VGG16 (configuration "D") and VGG19 ("E") <c>features</c>: 3×3 convolutions (padding 1),
/// each followed by a ReLU, and a 2×2 pooling after each of the five blocks. Layer indices match torchvision's, so a state
/// dict's <c>features.N.weight</c> / <c>features.N.bias</c> land on the right convolution. Taps are the ReLUs, named
/// <c>relu{block}_{conv}</c> as in the style-transfer literature.
/// </summary>
internal sealed class VggArchitecture
{
    // Declared before the architectures: static fields initialise in textual order.
    private static readonly int[] BlockChannels = [64, 128, 256, 512, 512];

    public static readonly VggArchitecture Vgg16 = new("vgg16", [2, 2, 3, 3, 3]);
    public static readonly VggArchitecture Vgg19 = new("vgg19", [2, 2, 4, 4, 4]);

    private VggArchitecture(string name, int[] convsPerBlock)
        : this(name, convsPerBlock, BlockChannels)
    {
    }

    /// <summary>
    /// A VGG-style layout with other block sizes and widths, for tests only: the weights reader can then be fuzzed with
    /// files small enough to match (whole VGG16 files are 60 MB).
    /// </summary>
    internal VggArchitecture(string name, int[] convsPerBlock, int[] blockChannels)
    {
        if (blockChannels.Length < convsPerBlock.Length) throw new ArgumentException("One channel count per block is needed.", nameof(blockChannels));
        Name = name;
        var layers = new List<VggLayer>();
        var inChannels = 3;
        for (var block = 0; block < convsPerBlock.Length; block++)
        {
            for (var conv = 1; conv <= convsPerBlock[block]; conv++)
            {
                layers.Add(new VggLayer(VggLayerKind.Conv, layers.Count, inChannels, blockChannels[block], null));
                layers.Add(new VggLayer(VggLayerKind.Relu, layers.Count, 0, 0, $"relu{block + 1}_{conv}"));
                inChannels = blockChannels[block];
            }

            layers.Add(new VggLayer(VggLayerKind.Pool, layers.Count, 0, 0, null));
        }

        Layers = layers;
        Taps = layers.Where(l => l.Tap is not null).Select(l => l.Tap!).ToArray();
    }

    /// <summary>"vgg16" or "vgg19".</summary>
    public string Name { get; }

    /// <summary>Every layer of <c>features</c>, by torchvision index.</summary>
    public IReadOnlyList<VggLayer> Layers { get; }

    /// <summary>The ReLU taps in forward order.</summary>
    public IReadOnlyList<string> Taps { get; }

    /// <summary>The classic content tap (Gatys et al.).</summary>
    public static string ContentTap => "relu4_2";

    /// <summary>The classic style taps (Gatys et al.): the first ReLU of each block.</summary>
    public static IReadOnlyList<string> StyleTaps { get; } = ["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"];

    /// <summary>The tap used for pooled features: the last ReLU (512 channels).</summary>
    public string PooledTap => Taps[^1];
}

/// <summary>The kinds of layer in VGG's <c>features</c>.</summary>
internal enum VggLayerKind
{
    /// <summary>3×3 convolution, padding 1.</summary>
    Conv,

    /// <summary>ReLU (a tap).</summary>
    Relu,

    /// <summary>2×2 pooling, stride 2.</summary>
    Pool,
}

/// <summary>One layer of VGG's <c>features</c>.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Index">Its torchvision index in <c>features</c>.</param>
/// <param name="InChannels">For a convolution, its input channels.</param>
/// <param name="OutChannels">For a convolution, its output channels.</param>
/// <param name="Tap">For a ReLU, its tap name.</param>
internal sealed record VggLayer(VggLayerKind Kind, int Index, int InChannels, int OutChannels, string? Tap);
