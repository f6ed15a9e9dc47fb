using GanKit.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.Models;

/// <summary>
/// A GAN discriminator (critic): scores samples, higher meaning "more real". Its raw outputs are what the losses in
/// <see cref="Losses.GanLosses"/> consume. With PacGAN packing it scores groups of <see cref="PackSize"/> samples.
/// It wraps any TorchSharp module <c>nn.Module&lt;Tensor, Tensor?, Tensor&gt;</c>: GanKit's built-in networks
/// (<see cref="CreateBuilder"/>, <see cref="Create"/>) or your own (<see cref="FromModule"/>).
/// </summary>
public sealed class Discriminator : GanModel
{
    private readonly nn.Module<Tensor, Tensor?, Tensor> _network;

    private Discriminator(nn.Module<Tensor, Tensor?, Tensor> network, DiscriminatorDescriptor descriptor, DiscriminatorSpec? spec) : base(network)
    {
        _network = network;
        Descriptor = descriptor;
        Spec = spec;
    }

    /// <summary>Starts a fluent builder for one of GanKit's built-in networks.</summary>
    /// <returns>A new builder.</returns>
    public static DiscriminatorBuilder CreateBuilder() => new();

    /// <summary>Creates a built-in discriminator with freshly initialised weights from a specification.</summary>
    /// <param name="spec">The specification, e.g. from a checkpoint.</param>
    /// <returns>The discriminator, on the CPU.</returns>
    public static Discriminator Create(DiscriminatorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new Discriminator(spec.CreateModule(), spec.ToDescriptor(), spec);
    }

    /// <summary>
    /// Wraps your own discriminator module. The module's <c>forward(samples, labels)</c> receives samples
    /// <c>[N, ...SampleShape]</c> and, for a conditional discriminator, int64 labels <c>[N]</c> (null otherwise), and
    /// returns raw scores <c>[N / PackSize]</c> (no sigmoid: the losses take logits). A packing discriminator packs its
    /// input itself, e.g. with <see cref="Layers.PacGan.Pack"/>. Batch norm in the module rules out the gradient
    /// penalty (the trainer's Build says so); <see cref="Layers.MinibatchStdDev"/> layers are checked against the batch
    /// size divided by the pack size.
    /// </summary>
    /// <param name="module">The module. The discriminator takes ownership: disposing the discriminator disposes the module.</param>
    /// <param name="descriptor">Its sample shape, class count and pack size.</param>
    /// <returns>The discriminator (on the module's device).</returns>
    /// <exception cref="ArgumentException">The module has no parameters.</exception>
    public static Discriminator FromModule(nn.Module<Tensor, Tensor?, Tensor> module, DiscriminatorDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(descriptor);
        TorchRuntime.EnsureLoaded();
        if (!module.parameters().Any()) throw new ArgumentException("The discriminator module has no parameters to train.", nameof(module));
        return new Discriminator(module, descriptor, null);
    }

    /// <summary>What this discriminator scores.</summary>
    public DiscriminatorDescriptor Descriptor { get; }

    /// <summary>The built-in specification this discriminator was built from, or null for a module of your own.</summary>
    public DiscriminatorSpec? Spec { get; }

    /// <summary>The underlying module, typed as it is called.</summary>
    public nn.Module<Tensor, Tensor?, Tensor> Network => _network;

    /// <summary>The shape of one input sample.</summary>
    public IReadOnlyList<long> InputShape => Descriptor.SampleShape;

    /// <summary>The number of classes for a projection discriminator, otherwise null.</summary>
    public int? ClassCount => Descriptor.ClassCount;

    /// <summary>How many samples are judged together (PacGAN); 1 without packing.</summary>
    public int PackSize => Descriptor.PackSize;

    /// <summary>Moves the weights to a device.</summary>
    /// <param name="device">The device.</param>
    /// <returns>This discriminator.</returns>
    public Discriminator To(Device device)
    {
        MoveTo(device);
        return this;
    }

    /// <summary>
    /// Whether the network takes an image at every scale (<see cref="IMultiScaleDiscriminatorNetwork"/>, MSG-GAN): then
    /// <see cref="Forward"/> also accepts a packed pyramid (<see cref="MultiScaleImages.Pack"/>), and the trainer feeds it
    /// the generator's images at every scale and the pooled pyramid of the reals.
    /// </summary>
    public bool IsMultiScale => _network is IMultiScaleDiscriminatorNetwork;

    /// <summary>Scores a batch.</summary>
    /// <param name="samples">
    /// <c>[N, ...InputShape]</c>, N divisible by <see cref="PackSize"/>; for a multi-scale discriminator also a packed
    /// pyramid <c>[N, MultiScaleImages.PackedLength(C, S)]</c>.
    /// </param>
    /// <param name="labels"><c>[N]</c> class indices for a projection discriminator; null otherwise.</param>
    /// <returns>Raw scores <c>[N / PackSize]</c>.</returns>
    /// <exception cref="ArgumentException">The shapes or labels do not fit this discriminator.</exception>
    /// <exception cref="InvalidOperationException">The module returned scores of another shape than <c>[N / PackSize]</c>.</exception>
    public Tensor Forward(Tensor samples, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        bool packedPyramid = IsMultiScale && samples.dim() == 2 && samples.shape[1] == MultiScaleImages.PackedLength(InputShape[0], InputShape[1]);
        if (!packedPyramid && (samples.dim() != InputShape.Count + 1 || !samples.shape.Skip(1).SequenceEqual(InputShape)))
            throw new ArgumentException(
                $"Samples must be [N, {string.Join(", ", InputShape)}]{(IsMultiScale ? " or a packed pyramid" : "")}; got [{string.Join(", ", samples.shape)}].", nameof(samples));
        if (samples.shape[0] % PackSize != 0)
            throw new ArgumentException($"The batch size ({samples.shape[0]}) must be divisible by the pack size ({PackSize}).", nameof(samples));
        ModelInputs.CheckLabels(labels, samples.shape[0], ClassCount, "discriminator");
        var scores = _network.call(samples, labels);
        ModelInputs.CheckOutput(scores, [samples.shape[0] / PackSize], "discriminator");
        return scores;
    }
}
