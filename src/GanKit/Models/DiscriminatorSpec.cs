using GanKit.Models.Architectures;
using GanKit.Runtime;
using static TorchSharp.torch;

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

    /// <summary>
    /// Options of the high-resolution families (<see cref="GanArchitecture.Msg"/>, <see cref="GanArchitecture.Progressive"/>);
    /// null means <see cref="HighResolutionOptions.Default"/> for them and is ignored by the other families.
    /// </summary>
    public HighResolutionOptions? HighResolution { get; init; }

    /// <summary>What the trainer needs to know about a discriminator of this specification.</summary>
    /// <returns>The descriptor.</returns>
    public DiscriminatorDescriptor ToDescriptor() => new(InputShape, ClassCount, PackSize);

    /// <summary>
    /// Creates the built-in network with freshly initialised weights (from torch's global generator), as a plain
    /// TorchSharp module: (samples, labels <c>[N]</c> or null) → scores <c>[N / PackSize]</c>. This is the factory
    /// behind <see cref="Discriminator.Create"/>.
    /// </summary>
    /// <returns>The module, on the CPU.</returns>
    public nn.Module<Tensor, Tensor?, Tensor> CreateModule()
    {
        TorchRuntime.EnsureLoaded();
        return DiscriminatorNetwork.Create(this);
    }

    /// <inheritdoc />
    public bool Equals(DiscriminatorSpec? other) =>
        other is not null && Architecture == other.Architecture && InputShape.SequenceEqual(other.InputShape)
        && ClassCount == other.ClassCount && Width == other.Width && Depth == other.Depth && SpectralNorm == other.SpectralNorm
        && BatchNorm == other.BatchNorm && MinibatchStdDev == other.MinibatchStdDev && PackSize == other.PackSize
        && Equals(HighResolution, other.HighResolution);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Architecture, InputShape.Length, ClassCount, Width, Depth, SpectralNorm, PackSize);
}
