using GanKit.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.Models;

/// <summary>
/// A GAN generator: maps latent vectors z ~ N(0, I) (and class labels, when conditional) to samples. It wraps any
/// TorchSharp module <c>nn.Module&lt;Tensor, Tensor?, Tensor&gt;</c> — GanKit's built-in networks
/// (<see cref="CreateBuilder"/>, <see cref="Create"/>) or your own (<see cref="FromModule"/>) — and everything in GanKit
/// (training, EMA, checkpoints, sampling, evaluation) works on it the same way.
/// </summary>
public sealed class Generator : GanModel
{
    private readonly nn.Module<Tensor, Tensor?, Tensor> _network;
    private readonly Func<nn.Module<Tensor, Tensor?, Tensor>>? _factory;

    private Generator(nn.Module<Tensor, Tensor?, Tensor> network, GeneratorDescriptor descriptor,
        Func<nn.Module<Tensor, Tensor?, Tensor>>? factory, GeneratorSpec? spec) : base(network)
    {
        _network = network;
        Descriptor = descriptor;
        _factory = factory;
        Spec = spec;
    }

    /// <summary>Starts a fluent builder for one of GanKit's built-in networks.</summary>
    /// <returns>A new builder.</returns>
    public static GeneratorBuilder CreateBuilder() => new();

    /// <summary>Creates a built-in generator with freshly initialised weights from a specification (no validation beyond the builder's).</summary>
    /// <param name="spec">The specification, e.g. from a checkpoint.</param>
    /// <returns>The generator, on the CPU.</returns>
    public static Generator Create(GeneratorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new Generator(spec.CreateModule(), spec.ToDescriptor(), spec.CreateModule, spec);
    }

    /// <summary>
    /// Wraps your own generator module. The module's <c>forward(latent, labels)</c> receives latents
    /// <c>[N, LatentSize]</c> and, for a conditional generator, int64 labels <c>[N]</c> (null otherwise), and returns
    /// samples <c>[N, ...SampleShape]</c> (images conventionally in [-1, 1], e.g. through a final tanh). Any layers work,
    /// including GanKit's <see cref="Layers.SpectralNormLinear"/> and friends; every parameter and buffer is trained,
    /// averaged and checkpointed.
    /// </summary>
    /// <param name="module">The module. The generator takes ownership: disposing the generator disposes the module.</param>
    /// <param name="descriptor">Its latent size, sample shape and class count.</param>
    /// <param name="factory">
    /// Creates another instance of the same architecture (same parameter and buffer names and shapes; its initial
    /// weights do not matter). Needed for an EMA of the weights (<c>WithEma</c>) and by <see cref="CreateCopy"/>, which
    /// call it and then copy this generator's state dict into the new instance. Pass the same kind of factory to
    /// <c>Checkpoint.LoadGenerator(path, factory)</c> to load a checkpoint of this generator.
    /// </param>
    /// <returns>The generator (on the module's device).</returns>
    /// <exception cref="ArgumentException">The module has no parameters.</exception>
    public static Generator FromModule(nn.Module<Tensor, Tensor?, Tensor> module, GeneratorDescriptor descriptor,
        Func<nn.Module<Tensor, Tensor?, Tensor>>? factory = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(descriptor);
        TorchRuntime.EnsureLoaded();
        if (!module.parameters().Any()) throw new ArgumentException("The generator module has no parameters to train.", nameof(module));
        return new Generator(module, descriptor, factory, null);
    }

    /// <summary>What this generator maps from and to.</summary>
    public GeneratorDescriptor Descriptor { get; }

    /// <summary>The built-in specification this generator was built from, or null for a module of your own.</summary>
    public GeneratorSpec? Spec { get; }

    /// <summary>The underlying module, typed as it is called.</summary>
    public nn.Module<Tensor, Tensor?, Tensor> Network => _network;

    /// <summary>Whether <see cref="CreateCopy"/> (and therefore an EMA) is possible: built-in generators, and modules given a factory.</summary>
    public bool CanCreateCopy => _factory is not null;

    /// <summary>The latent size.</summary>
    public int LatentSize => Descriptor.LatentSize;

    /// <summary>The shape of one generated sample.</summary>
    public IReadOnlyList<long> OutputShape => Descriptor.SampleShape;

    /// <summary>The number of classes for a conditional generator, otherwise null.</summary>
    public int? ClassCount => Descriptor.ClassCount;

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
    /// <exception cref="InvalidOperationException">The module returned samples of another shape than its descriptor promises.</exception>
    public Tensor Forward(Tensor latent, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(latent);
        if (latent.dim() != 2 || latent.shape[1] != LatentSize)
            throw new ArgumentException($"The latent batch must be [N, {LatentSize}]; got [{string.Join(",", latent.shape)}].", nameof(latent));
        ModelInputs.CheckLabels(labels, latent.shape[0], ClassCount, "generator");
        var samples = _network.call(latent, labels);
        ModelInputs.CheckOutput(samples, [latent.shape[0], .. OutputShape], "generator");
        return samples;
    }

    /// <summary>
    /// Runs the network and returns its images at every scale, 4×4 … full size (coarse to fine): the network's own
    /// outputs for an MSG-GAN generator (<see cref="IMultiScaleGeneratorNetwork"/>), otherwise the average-pooled pyramid
    /// of its full-size images. Gradients are recorded.
    /// </summary>
    /// <param name="latent"><c>[N, LatentSize]</c>.</param>
    /// <param name="labels"><c>[N]</c> class indices for a conditional generator; must be null otherwise.</param>
    /// <returns>One <c>[N, C, s, s]</c> tensor per scale.</returns>
    /// <exception cref="ArgumentException">The shapes or labels do not fit, or the samples are not square power-of-two images.</exception>
    /// <exception cref="InvalidOperationException">The module returned images of other shapes than its descriptor promises.</exception>
    public IReadOnlyList<Tensor> ForwardScales(Tensor latent, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(latent);
        if (_network is not IMultiScaleGeneratorNetwork multiScale) return MultiScaleImages.Pyramid(Forward(latent, labels));
        if (latent.dim() != 2 || latent.shape[1] != LatentSize)
            throw new ArgumentException($"The latent batch must be [N, {LatentSize}]; got [{string.Join(",", latent.shape)}].", nameof(latent));
        ModelInputs.CheckLabels(labels, latent.shape[0], ClassCount, "generator");
        var scales = multiScale.ForwardScales(latent, labels);
        var sizes = MultiScaleImages.Resolutions(OutputShape[1]);
        if (scales.Count != sizes.Count)
            throw new InvalidOperationException($"The generator module returned {scales.Count} scales where {sizes.Count} were expected.");
        for (int i = 0; i < sizes.Count; i++) ModelInputs.CheckOutput(scales[i], [latent.shape[0], OutputShape[0], sizes[i], sizes[i]], "generator");
        return scales;
    }

    /// <summary>Like <see cref="Generate"/>, but returns the images at every scale (<see cref="ForwardScales"/>), e.g. for MSG-GAN sample grids.</summary>
    /// <param name="count">How many samples.</param>
    /// <param name="labels">Class labels <c>[count]</c> for a conditional generator; null draws them uniformly.</param>
    /// <param name="random">A seeded generator for reproducible samples, or null.</param>
    /// <returns>One <c>[count, C, s, s]</c> tensor per scale (coarse to fine), on the CPU; the caller owns them.</returns>
    public IReadOnlyList<Tensor> GenerateScales(long count, Tensor? labels = null, torch.Generator? random = null)
    {
        using var scope = NewDisposeScope();
        bool wasTraining = _network.training;
        _network.eval();
        try
        {
            using var inference = inference_mode();
            var z = SampleLatent(count, random);
            if (ClassCount is { } k && labels is null) labels = randint(0, k, new[] { count }, generator: random);
            var scales = ForwardScales(z, labels?.to(Device)).Select(s => s.to(CPU)).ToArray();
            foreach (var s in scales) s.MoveToOuterDisposeScope();
            return scales;
        }
        finally
        {
            _network.train(wasTraining);
        }
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

    /// <summary>
    /// Creates an independent generator with this one's weights and buffers: a new instance from the factory (the
    /// built-in one, or the one given to <see cref="FromModule"/>), moved to this generator's device, with this
    /// generator's state dict copied into it. Its training/evaluation mode is this one's.
    /// </summary>
    /// <returns>The copy; the caller owns it.</returns>
    /// <exception cref="InvalidOperationException">The generator was wrapped without a factory.</exception>
    /// <exception cref="ArgumentException">The factory's module does not have this module's parameters and buffers.</exception>
    public Generator CreateCopy()
    {
        if (_factory is null)
            throw new InvalidOperationException(
                "This generator cannot be copied: it wraps a module without a factory. Pass one to Generator.FromModule(module, descriptor, factory).");
        var module = _factory() ?? throw new InvalidOperationException("The generator's factory returned null.");
        var copy = new Generator(module, Descriptor, _factory, Spec);
        try
        {
            copy.To(Device);
            copy.CopyWeightsFrom(this);
            module.train(_network.training);
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>Copies every weight and buffer from another generator of the same architecture.</summary>
    /// <param name="source">The generator to copy from.</param>
    /// <exception cref="ArgumentException">The generators differ in their descriptor, or in parameter and buffer names or shapes.</exception>
    public void CopyWeightsFrom(Generator source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.Descriptor.Equals(Descriptor))
            throw new ArgumentException($"The generators have different descriptors ({source.Descriptor}; {Descriptor}).", nameof(source));
        CopyStateFrom(source, "generator");
    }
}
