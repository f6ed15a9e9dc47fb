using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>The network inside a <see cref="Generator"/>: (z <c>[N,Z]</c>, labels <c>[N]</c> or null) → samples.</summary>
internal abstract class GeneratorNetwork : nn.Module<Tensor, Tensor?, Tensor>
{
    protected GeneratorNetwork(string name) : base(name) { }

    public static GeneratorNetwork Create(GeneratorSpec spec) => spec.Architecture switch
    {
        GanArchitecture.Mlp => new MlpGeneratorNetwork(spec),
        GanArchitecture.Dcgan => new DcganGeneratorNetwork(spec),
        GanArchitecture.ResNet => new ResNetGeneratorNetwork(spec),
        GanArchitecture.Msg => new MsgGeneratorNetwork(spec),
        GanArchitecture.Progressive => new ProgressiveGeneratorNetwork(spec),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Architecture, "Unknown architecture."),
    };
}
