using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>The network inside a <see cref="Generator"/>: (z <c>[N,Z]</c>, labels <c>[N]</c> or null) → samples.</summary>
internal abstract class GeneratorNetwork : nn.Module<Tensor, Tensor?, Tensor>
{
    protected GeneratorNetwork(string name) : base(name) { }

    /// <summary>Creates the network and draws its initial weights from <paramref name="random"/> only.</summary>
    public static GeneratorNetwork Create(GeneratorSpec spec, TorchSharp.torch.Generator random)
    {
        // TorchSharp's layer constructors leave temporaries behind: the scope takes them, the network keeps its own.
        using var scope = NewDisposeScope();
        var network = CreateUninitialized(spec);
        Initialization.WeightInitialization.Reset(network, random);
        if (spec.Architecture == GanArchitecture.Dcgan) LayerFactory.ApplyDcganInit(network, random);
        Initialization.WeightInitialization.KeepState(network);
        return network;
    }

    private static GeneratorNetwork CreateUninitialized(GeneratorSpec spec) => spec.Architecture switch
    {
        GanArchitecture.Mlp => new MlpGeneratorNetwork(spec),
        GanArchitecture.Dcgan => new DcganGeneratorNetwork(spec),
        GanArchitecture.ResNet => new ResNetGeneratorNetwork(spec),
        GanArchitecture.Msg => new MsgGeneratorNetwork(spec),
        GanArchitecture.Progressive => new ProgressiveGeneratorNetwork(spec),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Architecture, "Unknown architecture."),
    };
}
