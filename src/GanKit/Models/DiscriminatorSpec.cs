namespace GanKit.Models;

/// <summary>Everything needed to rebuild a discriminator's network (stored in checkpoints).</summary>
/// <param name="Architecture">The network family.</param>
/// <param name="InputShape">The shape of one sample: <c>[C,H,W]</c> or <c>[D]</c>.</param>
/// <param name="ClassCount">The number of classes for a projection discriminator, otherwise null.</param>
/// <param name="Width">Hidden units (MLP) or base channels (DCGAN, ResNet).</param>
/// <param name="Depth">Hidden layers (MLP only).</param>
/// <param name="SpectralNorm">Whether every weight layer is spectrally normalized.</param>
/// <param name="BatchNorm">Whether hidden layers use batch norm (DCGAN only; never with spectral norm).</param>
/// <param name="MinibatchStdDev">Whether a minibatch standard-deviation feature is appended before the output layer.</param>
/// <param name="PackSize">PacGAN packing: how many samples D judges together (1 = no packing).</param>
public sealed record DiscriminatorSpec(GanArchitecture Architecture, long[] InputShape, int? ClassCount, int Width, int Depth,
    bool SpectralNorm, bool BatchNorm, bool MinibatchStdDev, int PackSize)
{
    /// <summary>Whether the discriminator takes class labels.</summary>
    public bool IsConditional => ClassCount is not null;

    /// <inheritdoc />
    public bool Equals(DiscriminatorSpec? other) =>
        other is not null && Architecture == other.Architecture && InputShape.SequenceEqual(other.InputShape)
        && ClassCount == other.ClassCount && Width == other.Width && Depth == other.Depth && SpectralNorm == other.SpectralNorm
        && BatchNorm == other.BatchNorm && MinibatchStdDev == other.MinibatchStdDev && PackSize == other.PackSize;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Architecture, InputShape.Length, ClassCount, Width, Depth, SpectralNorm, PackSize);
}
