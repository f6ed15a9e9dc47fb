using GanKit.Models.Architectures;
using GanKit.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models;

/// <summary>
/// A GAN discriminator (critic): scores samples, higher meaning "more real". Its raw outputs are what the losses in
/// <see cref="Losses.GanLosses"/> consume. With PacGAN packing it scores groups of <see cref="DiscriminatorSpec.PackSize"/> samples.
/// </summary>
public sealed class Discriminator : GanModel
{
    private readonly DiscriminatorNetwork _network;

    private Discriminator(DiscriminatorSpec spec, DiscriminatorNetwork network) : base(network)
    {
        Spec = spec;
        _network = network;
    }

    /// <summary>Starts a fluent builder.</summary>
    /// <returns>A new builder.</returns>
    public static DiscriminatorBuilder CreateBuilder() => new();

    /// <summary>Creates a discriminator with freshly initialised weights from a specification.</summary>
    /// <param name="spec">The specification, e.g. from a checkpoint.</param>
    /// <returns>The discriminator, on the CPU.</returns>
    public static Discriminator Create(DiscriminatorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        TorchRuntime.EnsureLoaded();
        return new Discriminator(spec, DiscriminatorNetwork.Create(spec));
    }

    /// <summary>The specification this discriminator was built from.</summary>
    public DiscriminatorSpec Spec { get; }

    /// <summary>The shape of one input sample.</summary>
    public IReadOnlyList<long> InputShape => Spec.InputShape;

    /// <summary>The number of classes for a projection discriminator, otherwise null.</summary>
    public int? ClassCount => Spec.ClassCount;

    /// <summary>How many samples are judged together (PacGAN); 1 without packing.</summary>
    public int PackSize => Spec.PackSize;

    /// <summary>Moves the weights to a device.</summary>
    /// <param name="device">The device.</param>
    /// <returns>This discriminator.</returns>
    public Discriminator To(Device device)
    {
        MoveTo(device);
        return this;
    }

    /// <summary>Scores a batch.</summary>
    /// <param name="samples"><c>[N, ...InputShape]</c>, N divisible by <see cref="PackSize"/>.</param>
    /// <param name="labels"><c>[N]</c> class indices for a projection discriminator; null otherwise.</param>
    /// <returns>Raw scores <c>[N / PackSize]</c>.</returns>
    /// <exception cref="ArgumentException">The shapes or labels do not fit this discriminator.</exception>
    public Tensor Forward(Tensor samples, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.dim() != InputShape.Count + 1 || !samples.shape.Skip(1).SequenceEqual(InputShape))
            throw new ArgumentException(
                $"Samples must be [N, {string.Join(", ", InputShape)}]; got [{string.Join(", ", samples.shape)}].", nameof(samples));
        if (samples.shape[0] % PackSize != 0)
            throw new ArgumentException($"The batch size ({samples.shape[0]}) must be divisible by the pack size ({PackSize}).", nameof(samples));
        ModelInputs.CheckLabels(labels, samples.shape[0], ClassCount, "discriminator");
        return _network.call(samples, labels);
    }
}
