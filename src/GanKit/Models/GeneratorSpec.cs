namespace GanKit.Models;

/// <summary>Everything needed to rebuild a generator's network (stored in checkpoints).</summary>
/// <param name="Architecture">The network family.</param>
/// <param name="LatentSize">The length of the latent vector z.</param>
/// <param name="OutputShape">The shape of one sample: <c>[C,H,W]</c> or <c>[D]</c>.</param>
/// <param name="ClassCount">The number of classes for a conditional generator, otherwise null.</param>
/// <param name="Width">Hidden units (MLP) or base channels (DCGAN, ResNet).</param>
/// <param name="Depth">Hidden layers (MLP only).</param>
public sealed record GeneratorSpec(GanArchitecture Architecture, int LatentSize, long[] OutputShape, int? ClassCount, int Width, int Depth)
{
    /// <summary>Whether the generator takes class labels.</summary>
    public bool IsConditional => ClassCount is not null;

    /// <inheritdoc />
    public bool Equals(GeneratorSpec? other) =>
        other is not null && Architecture == other.Architecture && LatentSize == other.LatentSize
        && OutputShape.SequenceEqual(other.OutputShape) && ClassCount == other.ClassCount && Width == other.Width && Depth == other.Depth;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Architecture, LatentSize, OutputShape.Length, ClassCount, Width, Depth);
}
