using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Layers;

/// <summary>A linear layer with an equalized learning rate (see <see cref="EqualizedConv2d"/>).</summary>
internal sealed class EqualizedLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly double _scale;

    public EqualizedLinear(long inputs, long outputs, double gain = 2.0) : base(nameof(EqualizedLinear))
    {
        weight = new Parameter(randn(outputs, inputs));
        bias = new Parameter(zeros(outputs));
        _scale = Math.Sqrt(gain / inputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scale = weight * _scale;
        return nn.functional.linear(input, scale, bias);
    }
}
