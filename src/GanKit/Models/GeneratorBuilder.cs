using GanKit.Configuration;
using GanKit.Runtime;

namespace GanKit.Models;

/// <summary>Builds a <see cref="Generator"/>; <see cref="Build"/> validates every option at once.</summary>
public sealed class GeneratorBuilder : ModelBuilderBase<GeneratorBuilder>
{
    private int _latentSize = 100;
    private bool _batchNorm;

    internal GeneratorBuilder() { }

    /// <summary>The length of the latent vector z (default 100).</summary>
    /// <param name="latentSize">At least 1.</param>
    /// <returns>This builder.</returns>
    public GeneratorBuilder WithLatentSize(int latentSize)
    {
        _latentSize = latentSize;
        return this;
    }

    /// <summary>
    /// Batch norm after every hidden layer of the MLP generator, as in the VEEGAN and PacGAN networks (the DCGAN and ResNet
    /// generators always have it).
    /// </summary>
    /// <returns>This builder.</returns>
    public GeneratorBuilder WithBatchNorm()
    {
        _batchNorm = true;
        return this;
    }

    /// <summary>Validates the options and creates the generator.</summary>
    /// <returns>The generator.</returns>
    /// <exception cref="GanKitConfigurationException">One or more options are invalid; the message lists all of them.</exception>
    public Generator Build()
    {
        var errors = new ValidationErrors();
        errors.Require(_latentSize >= 1, $"The latent size must be at least 1; got {_latentSize}.");
        ValidateCommon(errors);
        if (_batchNorm && Architecture is not null && Architecture != GanArchitecture.Mlp)
            errors.Add($"WithBatchNorm() applies to the MLP generator; the {Architecture} generator always uses batch norm.");
        errors.ThrowIfAny("Generator");

        TorchRuntime.EnsureLoaded();
        var spec = new GeneratorSpec(Architecture!.Value, _latentSize, SampleShape!, ClassCount, Width, Depth, _batchNorm);
        var generator = CreateSeeded(() => Generator.Create(spec));
        if (TargetDevice is not null) generator.To(TargetDevice);
        return generator;
    }
}
