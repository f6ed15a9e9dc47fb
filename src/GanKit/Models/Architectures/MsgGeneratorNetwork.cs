using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>The MSG-GAN generator: the ProGAN generator with an image output at every level, all trained at once.</summary>
internal sealed class MsgGeneratorNetwork : PyramidGeneratorNetwork, IMultiScaleGeneratorNetwork
{
    public MsgGeneratorNetwork(GeneratorSpec spec) : base("MsgGenerator", spec) { }

    public override Tensor forward(Tensor z, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var features = Features(z, labels, MaxLevel);
        return ToImage(MaxLevel, features[^1]).MoveToOuterDisposeScope();
    }

    public IReadOnlyList<Tensor> ForwardScales(Tensor latent, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var features = Features(latent, labels, MaxLevel);
        var images = features.Select((f, level) => ToImage(level, f)).ToArray();
        foreach (var image in images) image.MoveToOuterDisposeScope();
        return images;
    }
}
