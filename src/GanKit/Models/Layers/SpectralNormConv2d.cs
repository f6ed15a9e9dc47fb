using GanKit.Models.Initialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Models.Layers;

/// <summary>A 2D convolution whose weight (reshaped to out × in·k·k) is spectrally normalized.</summary>
/// <remarks>
/// Usable in your own modules (see <see cref="Generator.FromModule"/>, <see cref="Discriminator.FromModule"/>): keep it in a
/// field and call <c>RegisterComponents()</c>. Its weight is a parameter and the power-iteration vectors <c>u</c>, <c>v</c>
/// are buffers, so the trainer trains the one and checkpoints (and exact resume) carry both. The power iteration runs
/// in training mode only; <c>eval()</c> freezes the estimate.
/// </remarks>
public sealed class SpectralNormConv2d : nn.Module<Tensor, Tensor>, ISeededLayer
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly Tensor u;
    private readonly Tensor v;
    private readonly long _stride;
    private readonly long _padding;
    private readonly int _powerIterations;

    /// <summary>Creates the layer with PyTorch's default initialisation for convolutions.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Square kernel size.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="padding">Zero padding on each side.</param>
    /// <param name="hasBias">Whether to add a bias.</param>
    /// <param name="powerIterations">Power-iteration steps per training forward pass.</param>
    /// <param name="generator">Draws the initial weights and power-iteration vector; null uses torch's global generator.</param>
    public SpectralNormConv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
        bool hasBias = true, int powerIterations = 1, torch.Generator? generator = null) : base(nameof(SpectralNormConv2d))
    {
        using var init = nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, bias: hasBias);
        weight = new Parameter(init.weight!.detach().clone());
        bias = hasBias ? new Parameter(init.bias!.detach().clone()) : null;
        if (generator is not null) SpectralNormalizer.ResetWeights(weight, bias, generator);
        (u, v) = SpectralNormalizer.InitialVectors(weight, generator);
        _stride = stride;
        _padding = padding;
        _powerIterations = powerIterations;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) =>
        F.conv2d(input, SpectralNormalizer.Normalize(weight, u, v, training, _powerIterations), bias,
            strides: [_stride, _stride], padding: [_padding, _padding]);

    void ISeededLayer.ResetParameters(torch.Generator random)
    {
        SpectralNormalizer.ResetWeights(weight, bias, random);
        SpectralNormalizer.ResetVectors(weight, u, v, random);
    }
}
