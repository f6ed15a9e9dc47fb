using GanKit.Models.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>
/// DCGAN generator: z → ConvTranspose(start×start) → [ConvTranspose 4×4/2 → BN → ReLU]… → ConvTranspose → tanh.
/// Channels halve at each doubling of the size, ending at the base width. Conditional generators use class-
/// conditional batch norm in every hidden layer.
/// </summary>
internal sealed class DcganGeneratorNetwork : GeneratorNetwork
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> convs;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> norms;
    private readonly ModuleList<ConditionalBatchNorm2d> conditionalNorms;
    private readonly int _latent;

    public DcganGeneratorNetwork(GeneratorSpec spec) : base("DcganGenerator")
    {
        long size = spec.OutputShape[1];
        int start = ImageGeometry.StartSize(size), stages = ImageGeometry.Stages(size);
        _latent = spec.LatentSize;
        convs = new ModuleList<nn.Module<Tensor, Tensor>>();
        norms = new ModuleList<nn.Module<Tensor, Tensor>>();
        conditionalNorms = new ModuleList<ConditionalBatchNorm2d>();

        long Channels(int i) => (long)spec.Width << (stages - 1 - i);
        for (int i = 0; i < stages; i++)
        {
            long inCh = i == 0 ? spec.LatentSize : Channels(i - 1);
            convs.Add(i == 0
                ? nn.ConvTranspose2d(inCh, Channels(0), start, stride: 1, padding: 0, bias: false)
                : nn.ConvTranspose2d(inCh, Channels(i), 4, stride: 2, padding: 1, bias: false));
            if (spec.ClassCount is { } classes) conditionalNorms.Add(new ConditionalBatchNorm2d(Channels(i), classes));
            else norms.Add(nn.BatchNorm2d(Channels(i)));
        }

        convs.Add(nn.ConvTranspose2d(Channels(stages - 1), spec.OutputShape[0], 4, stride: 2, padding: 1, bias: true));
        RegisterComponents();
    }

    public override Tensor forward(Tensor z, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var x = z.view(z.shape[0], _latent, 1, 1);
        for (int i = 0; i < convs.Count - 1; i++)
        {
            x = convs[i].call(x);
            x = conditionalNorms.Count > 0 ? conditionalNorms[i].call(x, labels) : norms[i].call(x);
            x = x.relu();
        }

        return convs[^1].call(x).tanh().MoveToOuterDisposeScope();
    }
}
