using GanKit.Models.Layers;
using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>Creates weight layers with or without spectral normalization, so architectures are written once.</summary>
internal static class LayerFactory
{
    public static nn.Module<Tensor, Tensor> Linear(long inputs, long outputs, bool spectralNorm, bool bias = true) =>
        spectralNorm ? new SpectralNormLinear(inputs, outputs, bias) : nn.Linear(inputs, outputs, bias);

    public static nn.Module<Tensor, Tensor> Conv(long inChannels, long outChannels, long kernel, long stride, long padding, bool spectralNorm, bool bias = true) =>
        spectralNorm
            ? new SpectralNormConv2d(inChannels, outChannels, kernel, stride, padding, bias)
            : nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding, bias: bias);

    public static nn.Module<Tensor, Tensor> Embedding(long classes, long dimension, bool spectralNorm) =>
        spectralNorm ? new SpectralNormEmbedding(classes, dimension) : nn.Embedding(classes, dimension);

    /// <summary>DCGAN's initialisation: conv weights N(0, 0.02), batch-norm scales N(1, 0.02), shifts 0.</summary>
    public static void ApplyDcganInit(nn.Module module, TorchSharp.torch.Generator random)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            bool isNormScale = name.Contains("norm", StringComparison.OrdinalIgnoreCase) || name.Contains("bn", StringComparison.Ordinal);
            if (name.EndsWith("weight", StringComparison.Ordinal) && parameter.dim() == 4) parameter.normal_(0, 0.02, random); // nn.init.normal_ ignores its generator in TorchSharp 0.107
            else if (isNormScale && name.EndsWith("weight", StringComparison.Ordinal) && parameter.dim() == 1) parameter.normal_(1, 0.02, random);
            else if (isNormScale && name.EndsWith("bias", StringComparison.Ordinal)) parameter.zero_();
        }
    }
}
