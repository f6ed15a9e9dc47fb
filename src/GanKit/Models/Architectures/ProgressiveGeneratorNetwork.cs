using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>
/// The progressive generator (Karras et al. 2018): only levels up to the active one run; during a fade-in the new
/// level's image is blended with the up-sampled image of the level below by α. The result is up-sampled (nearest) to
/// the full size, so data, discriminator and evaluation always see full-size images.
/// </summary>
internal sealed class ProgressiveGeneratorNetwork : PyramidGeneratorNetwork, IProgressiveNetwork
{
    private readonly Tensor growth;

    public ProgressiveGeneratorNetwork(GeneratorSpec spec) : base("ProgressiveGenerator", spec)
    {
        growth = GrowthState.Create(MaxLevel);
        register_buffer(GrowthState.BufferName, growth);
    }

    public (int Level, double Alpha) Growth => GrowthState.Read(growth);

    public void SetGrowth(int level, double alpha) => GrowthState.Write(growth, level, alpha, MaxLevel);

    public override Tensor forward(Tensor z, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var (level, alpha) = Growth;
        var features = Features(z, labels, level);
        var image = ToImage(level, features[^1]);
        if (level > 0 && alpha < 1)
        {
            var below = nn.functional.interpolate(ToImage(level - 1, features[^2]), scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
            image = GrowthState.Blend(below, image, alpha);
        }

        if (level < MaxLevel)
        {
            double factor = 1 << (MaxLevel - level);
            image = nn.functional.interpolate(image, scale_factor: [factor, factor], mode: InterpolationMode.Nearest);
        }

        return image.MoveToOuterDisposeScope();
    }
}
