using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>
/// The MSG-GAN discriminator: the full-size image enters through a 1×1 "from RGB" convolution; after each level's
/// block the image of the next coarser scale is merged into the features by the combine function φ, down to 4×4.
/// It takes a packed pyramid (<see cref="MultiScaleImages"/>) or plain full-size images, whose pyramid it pools.
/// </summary>
internal sealed class MsgDiscriminatorNetwork : PyramidDiscriminatorNetwork, IMultiScaleDiscriminatorNetwork
{
    private readonly nn.Module<Tensor, Tensor> fromImage;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> combiners;
    private readonly MultiScaleCombine _combine;

    public MsgDiscriminatorNetwork(DiscriminatorSpec spec) : base("MsgDiscriminator", spec, BlockInputs(spec))
    {
        _combine = Options.Combine;
        bool eq = Options.EqualizedLearningRate, sn = spec.SpectralNorm;
        fromImage = HighResolutionLayers.Conv(ImageChannels, Channels(MaxLevel), 1, eq, sn);
        combiners = new ModuleList<nn.Module<Tensor, Tensor>>();
        for (int level = 0; level < MaxLevel; level++)
        {
            // Level l's combiner merges the 4·2^l image into the features coming down from level l + 1.
            if (_combine == MultiScaleCombine.LinCat) combiners.Add(HighResolutionLayers.Conv(ImageChannels, Channels(level), 1, eq, sn));
            else if (_combine == MultiScaleCombine.CatLin) combiners.Add(HighResolutionLayers.Conv(Channels(level) + ImageChannels, Channels(level), 1, eq, sn));
        }

        RegisterComponents();
    }

    // What each level's block (and the final block, level 0) receives once the coarser image is merged in.
    private static Func<int, long> BlockInputs(DiscriminatorSpec spec)
    {
        var options = spec.HighResolution ?? HighResolutionOptions.Default;
        long size = spec.InputShape[1], imageChannels = spec.InputShape[0];
        int maxLevel = HighResolutionGeometry.MaxLevel(size);
        return level =>
        {
            long channels = HighResolutionGeometry.Channels(level, size, spec.Width);
            if (level == maxLevel) return channels;
            return options.Combine switch
            {
                MultiScaleCombine.Simple => channels + imageChannels,
                MultiScaleCombine.LinCat => 2 * channels,
                _ => channels,
            };
        };
    }

    protected override Tensor Body(Tensor samples)
    {
        var scales = samples.dim() == 2
            ? MultiScaleImages.Unpack(samples, ImageChannels, Size)
            : MultiScaleImages.Pyramid(samples);
        var h = Activate(fromImage.call(scales[MaxLevel]));
        for (int level = MaxLevel; level >= 1; level--)
        {
            h = Block(level, h);
            h = Combine(level - 1, scales[level - 1], h);
        }

        return Final(h);
    }

    private Tensor Combine(int level, Tensor image, Tensor features) => _combine switch
    {
        MultiScaleCombine.Simple => cat([image, features], 1),
        MultiScaleCombine.LinCat => cat([Activate(combiners[level].call(image)), features], 1),
        _ => Activate(combiners[level].call(cat([image, features], 1))),
    };
}
