using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>(packed, flattened) sample → [Linear → LeakyReLU(0.2)] × depth → h; the base class adds the output layer.</summary>
internal sealed class MlpDiscriminatorNetwork : DiscriminatorNetwork
{
    private readonly Sequential body;

    public MlpDiscriminatorNetwork(DiscriminatorSpec spec) : base("MlpDiscriminator", spec)
    {
        long inputs = spec.InputShape.Aggregate(1L, (a, b) => a * b) * spec.PackSize;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("flatten", nn.Flatten()) };
        for (int i = 0; i < spec.Depth; i++)
        {
            layers.Add(($"fc{i}", LayerFactory.Linear(i == 0 ? inputs : spec.Width, spec.Width, spec.SpectralNorm)));
            layers.Add(($"act{i}", nn.LeakyReLU(0.2)));
        }

        body = nn.Sequential(layers);
        CreateHead([spec.Depth == 0 ? inputs : spec.Width]);
        RegisterComponents();
    }

    protected override Tensor Body(Tensor packed) => body.call(packed);
}
