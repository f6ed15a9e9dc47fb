using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Losses;

/// <summary>The Gram matrix of feature maps: which channels fire together, regardless of where.</summary>
public static class GramMatrix
{
    /// <summary>
    /// Computes <c>G = F·Fᵀ / (C·H·W)</c> for each image, where <c>F</c> is the <c>[C, H·W]</c> flattening of its features.
    /// Dividing by C·H·W makes Grams of different layers and image sizes comparable, so a style target computed on a
    /// style image of one size matches features of a generated image of another.
    /// </summary>
    /// <param name="features">Feature maps <c>[N,C,H,W]</c> (or <c>[C,H,W]</c> for one image).</param>
    /// <returns><c>[N,C,C]</c> (or <c>[C,C]</c>), differentiable with respect to <paramref name="features"/>.</returns>
    public static Tensor Compute(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() is not (3 or 4))
            throw new ArgumentException($"Features must be [N,C,H,W] or [C,H,W]; got [{string.Join(",", features.shape)}].", nameof(features));
        using var scope = NewDisposeScope();
        bool single = features.dim() == 3;
        var batch = single ? features.unsqueeze(0) : features;
        long n = batch.shape[0], c = batch.shape[1], hw = batch.shape[2] * batch.shape[3];
        var flat = batch.reshape(n, c, hw);
        var gram = matmul(flat, flat.transpose(1, 2)).div(c * hw);
        return (single ? gram.squeeze(0) : gram).MoveToOuterDisposeScope();
    }
}
