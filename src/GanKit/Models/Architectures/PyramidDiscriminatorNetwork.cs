using GanKit.Models.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>
/// The ProGAN discriminator that MSG-GAN and progressive growing share: per level, two conv 3×3 with LeakyReLU(0.2)
/// and a 2×2 average pooling; at 4×4 the minibatch standard deviation, conv 3×3 and conv 4×4 (the paper's final
/// block), then the base class's output layer (and projection when conditional).
/// </summary>
internal abstract class PyramidDiscriminatorNetwork : DiscriminatorNetwork
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> convs;
    private readonly MinibatchStdDev? minibatchStd;
    private readonly nn.Module<Tensor, Tensor> finalConv;
    private readonly nn.Module<Tensor, Tensor> finalDense;
    private readonly int _width;

    // The base class's own minibatch-std layer is switched off: here it sits before the final convolutions, as in ProGAN.
    protected PyramidDiscriminatorNetwork(string name, DiscriminatorSpec spec, Func<int, long> blockInputs)
        : base(name, spec with { MinibatchStdDev = false })
    {
        _width = spec.Width;
        Options = spec.HighResolution ?? HighResolutionOptions.Default;
        Size = spec.InputShape[1];
        ImageChannels = spec.InputShape[0];
        MaxLevel = HighResolutionGeometry.MaxLevel(Size);
        bool eq = Options.EqualizedLearningRate, sn = spec.SpectralNorm;
        convs = new ModuleList<nn.Module<Tensor, Tensor>>();
        for (int level = 1; level <= MaxLevel; level++)
        {
            convs.Add(HighResolutionLayers.Conv(blockInputs(level), Channels(level), 3, eq, sn));
            convs.Add(HighResolutionLayers.Conv(Channels(level), Channels(level - 1), 3, eq, sn));
        }

        long c0 = Channels(0), finalInputs = blockInputs(0);
        if (spec.MinibatchStdDev)
        {
            minibatchStd = new MinibatchStdDev(MinibatchStdDev.DefaultGroupSize);
            finalInputs++;
        }

        finalConv = HighResolutionLayers.Conv(finalInputs, c0, 3, eq, sn);
        finalDense = eq ? new EqualizedConv2d(c0, c0, 4, 0) : LayerFactory.Conv(c0, c0, 4, 1, 0, sn);
        CreateHead([c0, 1, 1]);
    }

    protected HighResolutionOptions Options { get; }

    protected long Size { get; }

    protected long ImageChannels { get; }

    public int MaxLevel { get; }

    protected long Channels(int level) => HighResolutionGeometry.Channels(level, Size, _width);

    protected static Tensor Activate(Tensor x) => nn.functional.leaky_relu(x, 0.2);

    /// <summary>Level <paramref name="level"/>'s block: features at 4·2^level → features at half that size.</summary>
    protected Tensor Block(int level, Tensor h)
    {
        h = Activate(convs[2 * (level - 1)].call(h));
        h = Activate(convs[2 * level - 1].call(h));
        return nn.functional.avg_pool2d(h, 2);
    }

    /// <summary>The final block at 4×4: <c>[N, C0, 1, 1]</c>.</summary>
    protected Tensor Final(Tensor h)
    {
        if (minibatchStd is not null) h = minibatchStd.call(h);
        h = Activate(finalConv.call(h));
        return Activate(finalDense.call(h));
    }
}
