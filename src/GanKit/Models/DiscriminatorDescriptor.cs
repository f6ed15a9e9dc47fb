using System.Text.Json.Serialization;

namespace GanKit.Models;

/// <summary>
/// What the trainer and checkpoints need to know about a discriminator module, whatever its architecture: it maps
/// samples <c>[N, ...SampleShape]</c> (and, when <see cref="ClassCount"/> is set, labels <c>[N]</c>) to raw scores
/// <c>[N / PackSize]</c>. Pass it to <see cref="Discriminator.FromModule"/> with your own module.
/// </summary>
public sealed record DiscriminatorDescriptor
{
    private readonly long[] _sampleShape;

    /// <summary>Describes a discriminator.</summary>
    /// <param name="sampleShape">The shape of one input sample, e.g. <c>[2]</c> or <c>[C, H, W]</c>.</param>
    /// <param name="classCount">The number of classes of a conditional (e.g. projection) discriminator (at least 2), or null.</param>
    /// <param name="packSize">
    /// PacGAN packing: the module scores groups of this many consecutive samples, so it returns <c>[N / packSize]</c>
    /// scores (1 = no packing). The module does the packing itself (see <see cref="Layers.PacGan.Pack"/>); the trainer
    /// only keeps batches divisible by it.
    /// </param>
    /// <exception cref="ArgumentException">A size is out of range.</exception>
    [JsonConstructor]
    public DiscriminatorDescriptor(IReadOnlyList<long> sampleShape, int? classCount = null, int packSize = 1)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        _sampleShape = DescriptorChecks.SampleShape(sampleShape, nameof(sampleShape));
        DescriptorChecks.ClassCount(classCount, nameof(classCount));
        if (packSize < 1) throw new ArgumentOutOfRangeException(nameof(packSize), packSize, "The pack size must be at least 1.");
        ClassCount = classCount;
        PackSize = packSize;
    }

    /// <summary>The shape of one input sample (without the batch dimension).</summary>
    public IReadOnlyList<long> SampleShape => _sampleShape;

    /// <summary>The number of classes of a conditional discriminator, otherwise null.</summary>
    public int? ClassCount { get; }

    /// <summary>How many samples are scored together (PacGAN); 1 without packing.</summary>
    public int PackSize { get; }

    /// <summary>Whether the discriminator takes class labels.</summary>
    [JsonIgnore]
    public bool IsConditional => ClassCount is not null;

    /// <inheritdoc />
    public bool Equals(DiscriminatorDescriptor? other) =>
        other is not null && _sampleShape.SequenceEqual(other._sampleShape) && ClassCount == other.ClassCount && PackSize == other.PackSize;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(DescriptorChecks.Hash(_sampleShape), ClassCount, PackSize);

    /// <inheritdoc />
    public override string ToString() =>
        $"discriminator: [{string.Join(",", _sampleShape)}]{(ClassCount is { } k ? $", {k} classes" : "")}{(PackSize > 1 ? $", packs {PackSize}" : "")} → score";
}
