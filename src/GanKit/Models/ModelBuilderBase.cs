using GanKit.Configuration;
using GanKit.Models.Architectures;
using static TorchSharp.torch;

namespace GanKit.Models;

/// <summary>What generator and discriminator builders share: the sample shape, architecture, classes, seed and device.</summary>
/// <typeparam name="TSelf">The concrete builder, so fluent calls keep their type.</typeparam>
public abstract class ModelBuilderBase<TSelf> where TSelf : ModelBuilderBase<TSelf>
{
    private protected long[]? SampleShape { get; private set; }
    private protected GanArchitecture? Architecture { get; private set; }
    private protected int Width { get; private set; }
    private protected int Depth { get; private set; }
    private protected int? ClassCount { get; private set; }
    private protected HighResolutionOptions? HighResolution { get; private set; }
    private protected long? Seed { get; private set; }
    private protected Device? TargetDevice { get; private set; }

    private TSelf Self => (TSelf)this;

    /// <summary>Images of the given shape.</summary>
    /// <param name="channels">1 (grayscale) or 3 (RGB), or any positive count.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <returns>This builder.</returns>
    public TSelf ForImages(int channels, int height, int width)
    {
        SampleShape = [channels, height, width];
        return Self;
    }

    /// <summary>Plain vectors of the given length (e.g. 2 for points of a 2D mixture). MLP only.</summary>
    /// <param name="dimension">The vector length.</param>
    /// <returns>This builder.</returns>
    public TSelf ForVectors(int dimension)
    {
        SampleShape = [dimension];
        return Self;
    }

    /// <summary>Fully connected layers.</summary>
    /// <param name="hiddenUnits">Units per hidden layer.</param>
    /// <param name="hiddenLayers">Number of hidden layers.</param>
    /// <returns>This builder.</returns>
    public TSelf UseMlp(int hiddenUnits = 256, int hiddenLayers = 3)
    {
        Architecture = GanArchitecture.Mlp;
        Width = hiddenUnits;
        Depth = hiddenLayers;
        return Self;
    }

    /// <summary>The DCGAN architecture (square images of 16, 28, 32, 64 or 128 pixels).</summary>
    /// <param name="baseChannels">Channels of the widest-resolution layer; doubled at each halving of the size.</param>
    /// <returns>This builder.</returns>
    public TSelf UseDcgan(int baseChannels = 64)
    {
        Architecture = GanArchitecture.Dcgan;
        Width = baseChannels;
        Depth = 0;
        return Self;
    }

    /// <summary>The SNGAN-style residual architecture (square images of 16, 28, 32, 64 or 128 pixels).</summary>
    /// <param name="baseChannels">Channels of the widest-resolution block; doubled at each halving of the size.</param>
    /// <returns>This builder.</returns>
    public TSelf UseResNet(int baseChannels = 64)
    {
        Architecture = GanArchitecture.ResNet;
        Width = baseChannels;
        Depth = 0;
        return Self;
    }

    /// <summary>
    /// MSG-GAN (Karnewar &amp; Wang 2020; square images of 16 to 256 pixels, powers of two): the generator emits an image
    /// at every scale from 4×4 up and the discriminator takes each at the matching depth. Build both players with it:
    /// the trainer then passes the whole pyramid from G to D (see <see cref="MultiScaleImages"/>). The discriminator
    /// always ends with a minibatch standard-deviation feature, as in the paper.
    /// </summary>
    /// <param name="baseChannels">Channels at the full size; doubled at each halving, up to 8× (16 is CPU-friendly at 64 px).</param>
    /// <param name="options">Combine function, equalized learning rate, pixel norm; null for <see cref="HighResolutionOptions.Default"/>.</param>
    /// <returns>This builder.</returns>
    public TSelf UseMsgGan(int baseChannels = 16, HighResolutionOptions? options = null)
    {
        Architecture = GanArchitecture.Msg;
        Width = baseChannels;
        Depth = 0;
        HighResolution = options ?? HighResolutionOptions.Default;
        return Self;
    }

    /// <summary>
    /// Progressive growing (Karras et al. 2018; square images of 16 to 256 pixels, powers of two): ProGAN networks whose
    /// active resolution and fade-in α follow the trainer's schedule (<c>GanTrainerBuilder.WithProgressiveGrowing</c>).
    /// Build both players with it. Without a schedule the networks stay at full size. The discriminator always ends with
    /// a minibatch standard-deviation feature, as in the paper.
    /// </summary>
    /// <param name="baseChannels">Channels at the full size; doubled at each halving, up to 8×.</param>
    /// <param name="options">Equalized learning rate and pixel norm (the combine function is ignored); null for the defaults.</param>
    /// <returns>This builder.</returns>
    public TSelf UseProgressive(int baseChannels = 16, HighResolutionOptions? options = null)
    {
        Architecture = GanArchitecture.Progressive;
        Width = baseChannels;
        Depth = 0;
        HighResolution = options ?? HighResolutionOptions.Default;
        return Self;
    }

    /// <summary>Makes the model class-conditional.</summary>
    /// <param name="classCount">Number of classes (at least 2).</param>
    /// <returns>This builder.</returns>
    public TSelf WithClasses(int classCount)
    {
        ClassCount = classCount;
        return Self;
    }

    /// <summary>Seeds torch's global generator before the weights are initialised, for reproducible models.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>This builder.</returns>
    public TSelf WithSeed(long seed)
    {
        Seed = seed;
        return Self;
    }

    /// <summary>Places the weights on a device (CPU by default); see <see cref="Runtime.ComputeDevice"/>.</summary>
    /// <param name="device">The device.</param>
    /// <returns>This builder.</returns>
    public TSelf OnDevice(Device device)
    {
        TargetDevice = device;
        return Self;
    }

    private protected void ValidateCommon(ValidationErrors errors)
    {
        if (SampleShape is null) errors.Add("The sample shape is not set; call ForImages(...) or ForVectors(...).");
        else if (SampleShape.Any(d => d < 1)) errors.Add($"Every sample dimension must be at least 1; got [{string.Join(",", SampleShape)}].");
        if (Architecture is null) errors.Add("No architecture chosen; call UseMlp(), UseDcgan(), UseResNet(), UseMsgGan() or UseProgressive().");
        if (Architecture is GanArchitecture.Dcgan or GanArchitecture.ResNet && SampleShape is not null && !ImageGeometry.IsSupported(SampleShape))
            errors.Add($"The {Architecture} architecture produces {ImageGeometry.Describe()}; [{string.Join(",", SampleShape)}] is not one of them (use UseMlp() for other sizes).");
        if (Architecture is GanArchitecture.Msg or GanArchitecture.Progressive && SampleShape is not null && !HighResolutionGeometry.IsSupported(SampleShape))
            errors.Add($"The {Architecture} architecture produces {HighResolutionGeometry.Describe()}; [{string.Join(",", SampleShape)}] is not one of them.");
        if (HighResolution is { } hr && !Enum.IsDefined(hr.Combine)) errors.Add($"Unknown combine function {(int)hr.Combine}.");
        if (Architecture is not null && Width < 1) errors.Add($"The width (hidden units or base channels) must be at least 1; got {Width}.");
        if (Architecture == GanArchitecture.Mlp && Depth < 0) errors.Add($"The number of hidden layers must be zero or more; got {Depth}.");
        if (ClassCount is < 2) errors.Add($"A conditional model needs at least 2 classes; got {ClassCount}.");
    }

    // Weight initialisation draws from torch's global generator. Seeding it and creating the weights happen under one
    // lock, so two builders on different threads cannot interleave their draws and a seeded model is always the same.
    private protected T CreateSeeded<T>(Func<T> create)
    {
        lock (Runtime.Seeding.GlobalGeneratorLock)
        {
            if (Seed is { } seed) Runtime.Seeding.SeedTorch(seed);
            return create();
        }
    }
}
