using GanKit.Configuration;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer;

/// <summary>What a <see cref="StyleLossTerm"/> sees at one evaluation.</summary>
/// <param name="Image">The image being optimized, <c>[1,3,h,w]</c> (or <c>[1,1,h,w]</c> for luminance-only transfer), requiring grad.</param>
/// <param name="Features">The network's features of the image at the term's taps (and any other tap the run reads).</param>
/// <param name="Content">The content image at this scale, same layout as <see cref="Image"/>.</param>
/// <param name="ContentFeatures">The content's features at the same taps (computed once per scale, no grad).</param>
public sealed record StyleLossTermInput(Tensor Image, IReadOnlyDictionary<string, Tensor> Features, Tensor Content,
    IReadOnlyDictionary<string, Tensor> ContentFeatures);

/// <summary>
/// A loss term of your own, added to the stylizer's objective with a weight: e.g. a penalty on saturation, or a
/// content loss on a different network's features. Its value is reported in <see cref="StyleLosses.Other"/>.
/// </summary>
/// <param name="Name">A name for logs and errors.</param>
/// <param name="Weight">The term's weight (≥ 0).</param>
/// <param name="Taps">The feature taps it reads (may be empty).</param>
/// <param name="Compute">Returns a scalar, differentiable with respect to <see cref="StyleLossTermInput.Image"/> (or its features).</param>
public sealed record StyleLossTerm(string Name, double Weight, IReadOnlyList<string> Taps, Func<StyleLossTermInput, Tensor> Compute)
{
    internal void Validate(ValidationErrors errors)
    {
        errors.Require(!string.IsNullOrWhiteSpace(Name), "An extra loss term needs a name.");
        errors.Require(Weight >= 0 && double.IsFinite(Weight), $"Extra loss term '{Name}' must have a weight that is zero or positive and finite (was {Weight}).");
        errors.Require(Taps is not null, $"Extra loss term '{Name}' needs a tap list (may be empty).");
        errors.Require(Compute is not null, $"Extra loss term '{Name}' needs a compute function.");
    }
}
