using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Layers;

/// <summary>A linear layer with an equalized learning rate (see <see cref="EqualizedConv2d"/>).</summary>
internal sealed class EqualizedLinear : nn.Module<Tensor, Tensor>, Initialization.ISeededLayer
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly double _scale;

    public EqualizedLinear(long inputs, long outputs, double gain = 2.0) : base(nameof(EqualizedLinear))
    {
        // Drawn by ResetParameters from the network's seeded generator (the only way these layers are built).
        weight = new Parameter(empty(outputs, inputs));
        bias = new Parameter(zeros(outputs));
        _scale = Math.Sqrt(gain / inputs);
        RegisterComponents();
    }

    /// <summary>The stored N(0, 1) weight (the layer uses it times <see cref="Scale"/>), for exporters.</summary>
    internal Tensor Weight => weight;

    internal Tensor Bias => bias;

    /// <summary>√(gain / fan-in), the weight's multiplier at every call.</summary>
    internal double Scale => _scale;

    // N(0, 1) from the builder's generator, so seeded construction never touches torch's global generator.
    void Initialization.ISeededLayer.ResetParameters(TorchSharp.torch.Generator random)
    {
        using var _ = no_grad();
        weight.normal_(0, 1, random);
        bias.zero_();
    }

    public override Tensor forward(Tensor input)
    {
        using var scale = weight * _scale;
        return nn.functional.linear(input, scale, bias);
    }
}
