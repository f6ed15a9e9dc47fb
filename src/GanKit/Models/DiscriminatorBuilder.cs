using GanKit.Configuration;
using GanKit.Runtime;

namespace GanKit.Models;

/// <summary>Builds a <see cref="Discriminator"/>; <see cref="Build"/> validates every option at once.</summary>
public sealed class DiscriminatorBuilder : ModelBuilderBase<DiscriminatorBuilder>
{
    private bool _spectralNorm;
    private bool _batchNorm = true;
    private bool _minibatchStdDev;
    private int _packSize = 1;

    internal DiscriminatorBuilder() { }

    /// <summary>Spectrally normalizes every weight layer (and drops batch norm), as in SNGAN.</summary>
    /// <returns>This builder.</returns>
    public DiscriminatorBuilder WithSpectralNorm()
    {
        _spectralNorm = true;
        return this;
    }

    /// <summary>Removes batch norm from the DCGAN discriminator (needed for WGAN-GP, whose penalty is per sample).</summary>
    /// <returns>This builder.</returns>
    public DiscriminatorBuilder WithoutBatchNorm()
    {
        _batchNorm = false;
        return this;
    }

    /// <summary>
    /// Appends a minibatch standard-deviation feature before the output layer, so D can see a lack of variety. It
    /// groups <see cref="Layers.MinibatchStdDev.DefaultGroupSize"/> inputs, as ProGAN/StyleGAN do: the number of inputs D
    /// sees per batch (batch size / pack size) must be a multiple of that or smaller than it; the trainer's Build checks.
    /// </summary>
    /// <returns>This builder.</returns>
    public DiscriminatorBuilder WithMinibatchStdDev()
    {
        _minibatchStdDev = true;
        return this;
    }

    /// <summary>PacGAN packing (Lin et al. 2018): D judges <paramref name="samples"/> samples at once, which penalises mode collapse.</summary>
    /// <param name="samples">Samples per packed input (2 to 8 is typical; 1 = none).</param>
    /// <returns>This builder.</returns>
    public DiscriminatorBuilder WithPacking(int samples)
    {
        _packSize = samples;
        return this;
    }

    /// <summary>Validates the options and creates the discriminator.</summary>
    /// <returns>The discriminator.</returns>
    /// <exception cref="GanKitConfigurationException">One or more options are invalid; the message lists all of them.</exception>
    public Discriminator Build()
    {
        var errors = new ValidationErrors();
        ValidateCommon(errors);
        errors.Require(_packSize >= 1, $"The pack size must be at least 1; got {_packSize}.");
        errors.Require(!(_packSize > 1 && ClassCount is not null), "Packing and class conditioning cannot be combined (a packed input has no single label).");
        bool highResolution = Architecture is GanArchitecture.Msg or GanArchitecture.Progressive;
        errors.Require(!(highResolution && _packSize > 1), $"The {Architecture} discriminator does not support PacGAN packing.");
        errors.Require(!(highResolution && _spectralNorm && HighResolution?.EqualizedLearningRate == true),
            "Spectral norm and equalized learning rate cannot be combined; pass HighResolutionOptions with EqualizedLearningRate: false.");
        errors.ThrowIfAny("Discriminator");

        TorchRuntime.EnsureLoaded();
        bool batchNorm = _batchNorm && !_spectralNorm && Architecture == GanArchitecture.Dcgan;
        var spec = new DiscriminatorSpec(Architecture!.Value, SampleShape!, ClassCount, Width, Depth, _spectralNorm, batchNorm,
            _minibatchStdDev || highResolution, _packSize) { HighResolution = HighResolution };
        var discriminator = CreateSeeded(() => Discriminator.Create(spec));
        if (TargetDevice is not null) discriminator.To(TargetDevice);
        return discriminator;
    }
}
