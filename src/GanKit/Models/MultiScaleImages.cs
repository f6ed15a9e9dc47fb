using static TorchSharp.torch;

namespace GanKit.Models;

/// <summary>
/// The multi-scale tensor contract between an MSG-GAN generator and discriminator. The trainer passes one tensor
/// between G and D; for a multi-scale discriminator that tensor is a <em>packed pyramid</em>: the images at
/// 4×4, 8×8, …, size×size, each flattened per sample and concatenated, <c>[N, PackedLength]</c>. Everything the
/// trainer does between G and D is elementwise (detach, instance noise, the interpolation of the gradient penalty),
/// so it applies to every scale at once, and R1 taken at a packed real batch is R1 on the whole pyramid of reals.
/// </summary>
public static class MultiScaleImages
{
    /// <summary>The coarsest scale of every pyramid.</summary>
    public const int CoarsestSize = 4;

    /// <summary>The resolutions of a pyramid ending at <paramref name="size"/>: 4, 8, …, size.</summary>
    /// <param name="size">A power of two, at least 4.</param>
    /// <returns>The sizes, coarse to fine.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The size is not a power of two of at least 4.</exception>
    public static IReadOnlyList<long> Resolutions(long size)
    {
        if (size < CoarsestSize || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "A pyramid's size must be a power of two of at least 4.");
        var sizes = new List<long>();
        for (long s = CoarsestSize; s <= size; s *= 2) sizes.Add(s);
        return sizes;
    }

    /// <summary>The length of one packed sample: Σ channels · s² over the pyramid's sizes.</summary>
    /// <param name="channels">Image channels.</param>
    /// <param name="size">The finest size.</param>
    /// <returns>The packed length.</returns>
    public static long PackedLength(long channels, long size) => Resolutions(size).Sum(s => channels * s * s);

    /// <summary>The pyramid of a batch of images by repeated 2×2 average pooling (how MSG-GAN makes the real pyramid).</summary>
    /// <param name="images"><c>[N, C, size, size]</c>.</param>
    /// <returns>The images at 4×4 … size×size, coarse to fine (the last is <paramref name="images"/> itself).</returns>
    public static IReadOnlyList<Tensor> Pyramid(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[2] != images.shape[3])
            throw new ArgumentException($"Images must be [N, C, S, S]; got [{string.Join(",", images.shape)}].", nameof(images));
        int levels = Resolutions(images.shape[2]).Count;
        var scales = new Tensor[levels];
        scales[^1] = images;
        for (int i = levels - 2; i >= 0; i--) scales[i] = nn.functional.avg_pool2d(scales[i + 1], 2);
        return scales;
    }

    /// <summary>Packs a pyramid (coarse to fine, each <c>[N, C, s, s]</c>) into <c>[N, PackedLength]</c>.</summary>
    /// <param name="scales">The images at every scale.</param>
    /// <returns>The packed tensor.</returns>
    public static Tensor Pack(IReadOnlyList<Tensor> scales)
    {
        ArgumentNullException.ThrowIfNull(scales);
        if (scales.Count == 0) throw new ArgumentException("The pyramid is empty.", nameof(scales));
        return cat(scales.Select(s => s.flatten(1)).ToArray(), 1);
    }

    /// <summary>Unpacks <c>[N, PackedLength]</c> into the pyramid (views of <paramref name="packed"/>, coarse to fine).</summary>
    /// <param name="packed">The packed tensor.</param>
    /// <param name="channels">Image channels.</param>
    /// <param name="size">The finest size.</param>
    /// <returns>The images at 4×4 … size×size.</returns>
    /// <exception cref="ArgumentException">The tensor is not <c>[N, PackedLength(channels, size)]</c>.</exception>
    public static IReadOnlyList<Tensor> Unpack(Tensor packed, long channels, long size)
    {
        ArgumentNullException.ThrowIfNull(packed);
        long length = PackedLength(channels, size);
        if (packed.dim() != 2 || packed.shape[1] != length)
            throw new ArgumentException($"A packed pyramid of {channels}×{size}² images must be [N, {length}]; got [{string.Join(",", packed.shape)}].", nameof(packed));
        var scales = new List<Tensor>();
        long offset = 0, n = packed.shape[0];
        foreach (long s in Resolutions(size))
        {
            long count = channels * s * s;
            scales.Add(packed.narrow(1, offset, count).view(n, channels, s, s));
            offset += count;
        }

        return scales;
    }
}
