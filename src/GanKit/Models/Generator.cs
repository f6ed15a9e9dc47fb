using GanKit.Models.Architectures;
using GanKit.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models;

/// <summary>
/// A GAN generator: maps latent vectors z ~ N(0, I) (and class labels, when conditional) to samples.
/// Create one with <see cref="CreateBuilder"/>; rebuild one from a stored <see cref="GeneratorSpec"/> with <see cref="Create"/>.
/// </summary>
public sealed class Generator : GanModel
{
    private readonly GeneratorNetwork _network;

    private Generator(GeneratorSpec spec, GeneratorNetwork network) : base(network)
    {
        Spec = spec;
        _network = network;
    }

    /// <summary>Starts a fluent builder.</summary>
    /// <returns>A new builder.</returns>
    public static GeneratorBuilder CreateBuilder() => new();

    /// <summary>Creates a generator with freshly initialised weights from a specification (no validation beyond the builder's).</summary>
    /// <param name="spec">The specification, e.g. from a checkpoint.</param>
    /// <returns>The generator, on the CPU.</returns>
    public static Generator Create(GeneratorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        TorchRuntime.EnsureLoaded();
        return new Generator(spec, GeneratorNetwork.Create(spec));
    }

    /// <summary>The specification this generator was built from.</summary>
    public GeneratorSpec Spec { get; }

    /// <summary>The latent size.</summary>
    public int LatentSize => Spec.LatentSize;

    /// <summary>The shape of one generated sample.</summary>
    public IReadOnlyList<long> OutputShape => Spec.OutputShape;

    /// <summary>The number of classes for a conditional generator, otherwise null.</summary>
    public int? ClassCount => Spec.ClassCount;

    /// <summary>Moves the weights to a device.</summary>
    /// <param name="device">The device.</param>
    /// <returns>This generator.</returns>
    public Generator To(Device device)
    {
        MoveTo(device);
        return this;
    }

    /// <summary>Runs the network as it is (training or evaluation mode is the caller's choice; gradients are recorded).</summary>
    /// <param name="latent"><c>[N, LatentSize]</c>.</param>
    /// <param name="labels"><c>[N]</c> class indices for a conditional generator; must be null otherwise.</param>
    /// <returns><c>[N, ...OutputShape]</c>; images in [-1, 1].</returns>
    /// <exception cref="ArgumentException">The shapes or labels do not fit this generator.</exception>
    public Tensor Forward(Tensor latent, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(latent);
        if (latent.dim() != 2 || latent.shape[1] != LatentSize)
            throw new ArgumentException($"The latent batch must be [N, {LatentSize}]; got [{string.Join(",", latent.shape)}].", nameof(latent));
        ModelInputs.CheckLabels(labels, latent.shape[0], ClassCount, "generator");
        return _network.call(latent, labels);
    }

    /// <summary>Draws latent vectors z ~ N(0, I) on this generator's device.</summary>
    /// <param name="count">How many.</param>
    /// <param name="random">A seeded generator, or null for torch's global one.</param>
    /// <returns><c>[count, LatentSize]</c>.</returns>
    public Tensor SampleLatent(long count, torch.Generator? random = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Must be at least 1.");
        return randn(new[] { count, (long)LatentSize }, generator: random).to(Device);
    }

    /// <summary>
    /// Generates samples for inference: evaluation mode (batch-norm running statistics), no gradients.
    /// The generator's previous training/evaluation mode is restored afterwards.
    /// </summary>
    /// <param name="count">How many samples.</param>
    /// <param name="labels">Class labels <c>[count]</c> for a conditional generator; null draws them uniformly.</param>
    /// <param name="random">A seeded generator for reproducible samples, or null.</param>
    /// <returns><c>[count, ...OutputShape]</c> on the CPU; images in [-1, 1].</returns>
    public Tensor Generate(long count, Tensor? labels = null, torch.Generator? random = null)
    {
        using var scope = NewDisposeScope();
        bool wasTraining = _network.training;
        _network.eval();
        try
        {
            using var inference = inference_mode();
            var z = SampleLatent(count, random);
            if (ClassCount is { } k && labels is null) labels = randint(0, k, new[] { count }, generator: random);
            var samples = Forward(z, labels?.to(Device)).to(CPU);
            return samples.MoveToOuterDisposeScope();
        }
        finally
        {
            _network.train(wasTraining);
        }
    }

    /// <summary>Copies every weight and buffer from another generator with the same specification.</summary>
    /// <param name="source">The generator to copy from.</param>
    public void CopyWeightsFrom(Generator source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.Spec.Equals(Spec)) throw new ArgumentException("The generators have different specifications.", nameof(source));
        using var noGrad = no_grad();
        var target = _network.state_dict();
        foreach (var (name, value) in source._network.state_dict()) target[name].copy_(value);
    }
}
