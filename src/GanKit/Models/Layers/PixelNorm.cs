using static TorchSharp.torch;

namespace GanKit.Models.Layers;

/// <summary>Pixelwise feature normalization (Karras et al. 2018): each pixel's feature vector scaled to unit RMS.</summary>
internal sealed class PixelNorm : nn.Module<Tensor, Tensor>
{
    public PixelNorm() : base(nameof(PixelNorm)) { }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return (input * (input.square().mean([1], keepdim: true) + 1e-8).rsqrt()).MoveToOuterDisposeScope();
    }
}
