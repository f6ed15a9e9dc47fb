using GanKit.Models.Architectures;
using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Models;

/// <summary>Everything needed to rebuild a generator's network (stored in checkpoints).</summary>
/// <param name="Architecture">The network family.</param>
/// <param name="LatentSize">The length of the latent vector z.</param>
/// <param name="OutputShape">The shape of one sample: <c>[C,H,W]</c> or <c>[D]</c>.</param>
/// <param name="ClassCount">The number of classes for a conditional generator, otherwise null.</param>
/// <param name="Width">Hidden units (MLP) or base channels (DCGAN, ResNet).</param>
/// <param name="Depth">Hidden layers (MLP only).</param>
/// <param name="BatchNorm">Batch norm after every hidden layer of the MLP (as VEEGAN's and PacGAN's generators); MLP only.</param>
public sealed record GeneratorSpec(GanArchitecture Architecture, int LatentSize, long[] OutputShape, int? ClassCount, int Width, int Depth, bool BatchNorm = false)
{
    /// <summary>Whether the generator takes class labels.</summary>
    public bool IsConditional => ClassCount is not null;

    /// <summary>What the trainer needs to know about a generator of this specification.</summary>
    /// <returns>The descriptor.</returns>
    public GeneratorDescriptor ToDescriptor() => new(LatentSize, OutputShape, ClassCount);

    /// <summary>
    /// Creates the built-in network with freshly initialised weights (from torch's global generator), as a plain
    /// TorchSharp module: (z <c>[N, LatentSize]</c>, labels <c>[N]</c> or null) → samples. This is the factory behind
    /// <see cref="Generator.Create"/>; use it to embed GanKit's network in a module of your own.
    /// </summary>
    /// <returns>The module, on the CPU.</returns>
    public nn.Module<Tensor, Tensor?, Tensor> CreateModule()
    {
        TorchRuntime.EnsureLoaded();
        return GeneratorNetwork.Create(this);
    }

    /// <inheritdoc />
    public bool Equals(GeneratorSpec? other) =>
        other is not null && Architecture == other.Architecture && LatentSize == other.LatentSize
        && OutputShape.SequenceEqual(other.OutputShape) && ClassCount == other.ClassCount && Width == other.Width && Depth == other.Depth && BatchNorm == other.BatchNorm;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Architecture, LatentSize, OutputShape.Length, ClassCount, Width, Depth, BatchNorm);
}
