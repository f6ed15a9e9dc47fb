using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>
/// SNGAN-style discriminator: down-sampling residual blocks to start×start, one more block at that size, ReLU,
/// global sum pooling to h; the base class adds the output layer and the projection term.
/// </summary>
internal sealed class ResNetDiscriminatorNetwork : DiscriminatorNetwork
{
    private readonly ModuleList<DownResidualBlock> blocks;

    public ResNetDiscriminatorNetwork(DiscriminatorSpec spec) : base("ResNetDiscriminator", spec)
    {
        long size = spec.InputShape[1];
        int stages = ImageGeometry.Stages(size);
        blocks = new ModuleList<DownResidualBlock>();
        long inCh = spec.InputShape[0] * spec.PackSize;
        for (int i = 0; i < stages; i++)
        {
            long outCh = (long)spec.Width << i;
            blocks.Add(new DownResidualBlock(inCh, outCh, downsample: true, preActivation: i > 0, spec.SpectralNorm));
            inCh = outCh;
        }

        blocks.Add(new DownResidualBlock(inCh, inCh, downsample: false, preActivation: true, spec.SpectralNorm));
        CreateHead([inCh]);
        RegisterComponents();
    }

    protected override Tensor Body(Tensor packed)
    {
        using var scope = NewDisposeScope();
        var x = packed;
        foreach (var block in blocks) x = block.call(x);
        return x.relu().sum([2, 3]).MoveToOuterDisposeScope();
    }
}
