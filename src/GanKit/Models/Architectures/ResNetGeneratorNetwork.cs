using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>
/// SNGAN-style generator: z → Linear → start×start feature map → up-sampling residual blocks (class-conditional
/// batch norm when conditional) → BN → ReLU → conv3 → tanh.
/// </summary>
internal sealed class ResNetGeneratorNetwork : GeneratorNetwork
{
    private readonly Linear input;
    private readonly ModuleList<UpResidualBlock> blocks;
    private readonly BatchNorm2d finalNorm;
    private readonly Conv2d finalConv;
    private readonly long _startChannels;
    private readonly int _start;

    public ResNetGeneratorNetwork(GeneratorSpec spec) : base("ResNetGenerator")
    {
        long size = spec.OutputShape[1];
        _start = ImageGeometry.StartSize(size);
        int stages = ImageGeometry.Stages(size);
        long Channels(int i) => (long)spec.Width << Math.Max(0, stages - 1 - i);
        _startChannels = Channels(0);
        input = nn.Linear(spec.LatentSize, _startChannels * _start * _start);
        blocks = new ModuleList<UpResidualBlock>();
        for (int i = 0; i < stages; i++) blocks.Add(new UpResidualBlock(i == 0 ? _startChannels : Channels(i - 1), Channels(i), spec.ClassCount));
        finalNorm = nn.BatchNorm2d(Channels(stages - 1));
        finalConv = nn.Conv2d(Channels(stages - 1), spec.OutputShape[0], 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor z, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var x = input.call(z).view(z.shape[0], _startChannels, _start, _start);
        foreach (var block in blocks) x = block.call(x, labels);
        return finalConv.call(finalNorm.call(x).relu()).tanh().MoveToOuterDisposeScope();
    }
}
