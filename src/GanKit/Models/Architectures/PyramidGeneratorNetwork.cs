using GanKit.Models.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>
/// The ProGAN generator that MSG-GAN and progressive growing share: z (pixel-normalized; concatenated with a class
/// embedding when conditional) → linear to 4×4 → conv 3×3, then per level: nearest ×2 up-sampling → two conv 3×3, each
/// followed by LeakyReLU(0.2) and (optionally) pixel norm. Every level has its own 1×1 "to RGB" convolution and tanh.
/// </summary>
internal abstract class PyramidGeneratorNetwork : GeneratorNetwork
{
    private readonly nn.Module<Tensor, Tensor> input;
    private readonly nn.Module<Tensor, Tensor> inputConv;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> convs;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> toImage;
    private readonly Embedding? embedding;
    private readonly PixelNorm? pixelNorm;
    private readonly long _startChannels;

    protected PyramidGeneratorNetwork(string name, GeneratorSpec spec) : base(name)
    {
        var options = spec.HighResolution ?? HighResolutionOptions.Default;
        long size = spec.OutputShape[1], imageChannels = spec.OutputShape[0];
        MaxLevel = HighResolutionGeometry.MaxLevel(size);
        bool eq = options.EqualizedLearningRate;
        long Channels(int level) => HighResolutionGeometry.Channels(level, size, spec.Width);
        _startChannels = Channels(0);

        long inputs = spec.LatentSize;
        if (spec.ClassCount is { } classes)
        {
            embedding = nn.Embedding(classes, spec.LatentSize);
            inputs += spec.LatentSize;
        }

        // gain 2/16 as in ProGAN's first dense layer, which feeds 16 pixels from one input.
        input = eq ? new EqualizedLinear(inputs, _startChannels * 16, 2.0 / 16) : nn.Linear(inputs, _startChannels * 16);
        inputConv = HighResolutionLayers.Conv(_startChannels, _startChannels, 3, eq);
        convs = new ModuleList<nn.Module<Tensor, Tensor>>();
        toImage = new ModuleList<nn.Module<Tensor, Tensor>>();
        toImage.Add(HighResolutionLayers.Conv(_startChannels, imageChannels, 1, eq));
        for (int level = 1; level <= MaxLevel; level++)
        {
            convs.Add(HighResolutionLayers.Conv(Channels(level - 1), Channels(level), 3, eq));
            convs.Add(HighResolutionLayers.Conv(Channels(level), Channels(level), 3, eq));
            toImage.Add(HighResolutionLayers.Conv(Channels(level), imageChannels, 1, eq));
        }

        if (options.PixelNorm) pixelNorm = new PixelNorm();
        RegisterComponents();
    }

    /// <summary>The finest level: 4·2^MaxLevel pixels.</summary>
    public int MaxLevel { get; }

    private Tensor Activate(Tensor x)
    {
        var y = nn.functional.leaky_relu(x, 0.2);
        return pixelNorm is null ? y : pixelNorm.call(y);
    }

    /// <summary>The features at levels 0 … <paramref name="lastLevel"/> (each <c>[N, C_l, 4·2^l, 4·2^l]</c>).</summary>
    protected List<Tensor> Features(Tensor z, Tensor? labels, int lastLevel)
    {
        var x = z;
        if (embedding is not null) x = cat([x, embedding.call(labels!)], 1);
        if (pixelNorm is not null) x = pixelNorm.call(x.view(x.shape[0], -1, 1, 1)).flatten(1);
        var h = Activate(input.call(x).view(x.shape[0], _startChannels, 4, 4));
        h = Activate(inputConv.call(h));
        var features = new List<Tensor> { h };
        for (int level = 1; level <= lastLevel; level++)
        {
            h = nn.functional.interpolate(h, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
            h = Activate(convs[2 * (level - 1)].call(h));
            h = Activate(convs[2 * level - 1].call(h));
            features.Add(h);
        }

        return features;
    }

    /// <summary>The image of level <paramref name="level"/> from that level's features, in [-1, 1].</summary>
    protected Tensor ToImage(int level, Tensor features) => toImage[level].call(features).tanh();
}
