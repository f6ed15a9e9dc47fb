using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>
/// DCGAN discriminator: [Conv 4×4/2 → (BN) → LeakyReLU(0.2)]… down to start×start; the base class adds the output
/// layer. No batch norm on the first layer (as in the paper) nor anywhere with spectral norm.
/// </summary>
internal sealed class DcganDiscriminatorNetwork : DiscriminatorNetwork
{
    private readonly Sequential body;

    public DcganDiscriminatorNetwork(DiscriminatorSpec spec) : base("DcganDiscriminator", spec)
    {
        long size = spec.InputShape[1];
        int start = ImageGeometry.StartSize(size), stages = ImageGeometry.Stages(size);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long inCh = spec.InputShape[0] * spec.PackSize;
        for (int i = 0; i < stages; i++)
        {
            long outCh = (long)spec.Width << i;
            bool norm = spec.BatchNorm && !spec.SpectralNorm && i > 0;
            layers.Add(($"conv{i}", LayerFactory.Conv(inCh, outCh, 4, 2, 1, spec.SpectralNorm, bias: !norm)));
            if (norm) layers.Add(($"bn{i}", nn.BatchNorm2d(outCh)));
            layers.Add(($"act{i}", nn.LeakyReLU(0.2)));
            inCh = outCh;
        }

        body = nn.Sequential(layers);
        CreateHead([inCh, start, start]);
        RegisterComponents();
    }

    protected override Tensor Body(Tensor packed) => body.call(packed);
}
