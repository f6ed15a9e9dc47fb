using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>
/// The progressive discriminator (Karras et al. 2018): full-size inputs are average-pooled to the active level's
/// size and enter through that level's 1×1 "from RGB" convolution; during a fade-in its features are blended by α with
/// those of the level below, fed the input pooled once more.
/// </summary>
internal sealed class ProgressiveDiscriminatorNetwork : PyramidDiscriminatorNetwork, IProgressiveNetwork
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> fromImage;
    private readonly Tensor growth;

    public ProgressiveDiscriminatorNetwork(DiscriminatorSpec spec)
        : base("ProgressiveDiscriminator", spec, level => HighResolutionGeometry.Channels(level, spec.InputShape[1], spec.Width))
    {
        fromImage = new ModuleList<nn.Module<Tensor, Tensor>>();
        for (int level = 0; level <= MaxLevel; level++)
            fromImage.Add(HighResolutionLayers.Conv(ImageChannels, Channels(level), 1, Options.EqualizedLearningRate, spec.SpectralNorm));
        RegisterComponents();
        growth = GrowthState.Create(MaxLevel);
        register_buffer(GrowthState.BufferName, growth);
    }

    public (int Level, double Alpha) Growth => GrowthState.Read(growth);

    public void SetGrowth(int level, double alpha) => GrowthState.Write(growth, level, alpha, MaxLevel);

    protected override Tensor Body(Tensor samples)
    {
        var (level, alpha) = Growth;
        var x = samples;
        for (int l = MaxLevel; l > level; l--) x = nn.functional.avg_pool2d(x, 2);
        var h = Activate(fromImage[level].call(x));
        if (level > 0)
        {
            h = Block(level, h);
            if (alpha < 1) h = GrowthState.Blend(Activate(fromImage[level - 1].call(nn.functional.avg_pool2d(x, 2))), h, alpha);
        }

        for (int l = level - 1; l >= 1; l--) h = Block(l, h);
        return Final(h);
    }
}
