using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Layers;

/// <summary>
/// A stride-1 convolution with an equalized learning rate (Karras et al. 2018): its weights are drawn from N(0, 1) and
/// multiplied by He's constant √(2 / fan-in) at every call, so every layer learns at the same speed under Adam.
/// </summary>
internal sealed class EqualizedConv2d : nn.Module<Tensor, Tensor>, Initialization.ISeededLayer
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly double _scale;
    private readonly long _padding;

    public EqualizedConv2d(long inChannels, long outChannels, long kernel, long padding) : base(nameof(EqualizedConv2d))
    {
        // Drawn by ResetParameters from the network's seeded generator (the only way these layers are built).
        weight = new Parameter(empty(outChannels, inChannels, kernel, kernel));
        bias = new Parameter(zeros(outChannels));
        _scale = Math.Sqrt(2.0 / (inChannels * kernel * kernel));
        _padding = padding;
        RegisterComponents();
    }

    /// <summary>The stored N(0, 1) weight (the convolution uses it times <see cref="Scale"/>), for exporters.</summary>
    internal Tensor Weight => weight;

    internal Tensor Bias => bias;

    /// <summary>He's constant √(2 / fan-in) the weight is multiplied by at every call.</summary>
    internal double Scale => _scale;

    internal long Padding => _padding;

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
        return nn.functional.conv2d(input, scale, bias, padding: [_padding, _padding]);
    }
}
