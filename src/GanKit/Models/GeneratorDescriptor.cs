using System.Text.Json.Serialization;

namespace GanKit.Models;

/// <summary>
/// What the trainer, the evaluator and checkpoints need to know about a generator module, whatever its architecture:
/// it maps latents <c>[N, LatentSize]</c> (and, when <see cref="ClassCount"/> is set, labels <c>[N]</c>) to samples
/// <c>[N, ...SampleShape]</c>. Pass it to <see cref="Generator.FromModule"/> with your own module.
/// </summary>
public sealed record GeneratorDescriptor
{
    private readonly long[] _sampleShape;

    /// <summary>Describes a generator.</summary>
    /// <param name="latentSize">The length of the latent vector z (at least 1).</param>
    /// <param name="sampleShape">The shape of one sample, e.g. <c>[2]</c> for 2D points or <c>[C, H, W]</c> for images.</param>
    /// <param name="classCount">The number of classes of a conditional generator (at least 2), or null.</param>
    /// <exception cref="ArgumentException">A size is out of range.</exception>
    [JsonConstructor]
    public GeneratorDescriptor(int latentSize, IReadOnlyList<long> sampleShape, int? classCount = null)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        if (latentSize < 1) throw new ArgumentOutOfRangeException(nameof(latentSize), latentSize, "The latent size must be at least 1.");
        _sampleShape = DescriptorChecks.SampleShape(sampleShape, nameof(sampleShape));
        DescriptorChecks.ClassCount(classCount, nameof(classCount));
        LatentSize = latentSize;
        ClassCount = classCount;
    }

    /// <summary>The length of the latent vector z.</summary>
    public int LatentSize { get; }

    /// <summary>The shape of one generated sample (without the batch dimension).</summary>
    public IReadOnlyList<long> SampleShape => _sampleShape;

    /// <summary>The number of classes of a conditional generator, otherwise null.</summary>
    public int? ClassCount { get; }

    /// <summary>Whether the generator takes class labels.</summary>
    [JsonIgnore]
    public bool IsConditional => ClassCount is not null;

    /// <inheritdoc />
    public bool Equals(GeneratorDescriptor? other) =>
        other is not null && LatentSize == other.LatentSize && _sampleShape.SequenceEqual(other._sampleShape) && ClassCount == other.ClassCount;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(LatentSize, DescriptorChecks.Hash(_sampleShape), ClassCount);

    /// <inheritdoc />
    public override string ToString() =>
        $"generator: z {LatentSize} → [{string.Join(",", _sampleShape)}]{(ClassCount is { } k ? $", {k} classes" : "")}";
}
