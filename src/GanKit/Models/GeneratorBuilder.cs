using GanKit.Configuration;
using GanKit.Runtime;

namespace GanKit.Models;

/// <summary>Builds a <see cref="Generator"/>; <see cref="Build"/> validates every option at once.</summary>
public sealed class GeneratorBuilder : ModelBuilderBase<GeneratorBuilder>
{
    private int _latentSize = 100;

    internal GeneratorBuilder() { }

    /// <summary>The length of the latent vector z (default 100).</summary>
    /// <param name="latentSize">At least 1.</param>
    /// <returns>This builder.</returns>
    public GeneratorBuilder WithLatentSize(int latentSize)
    {
        _latentSize = latentSize;
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
        errors.ThrowIfAny("Generator");

        TorchRuntime.EnsureLoaded();
        var spec = new GeneratorSpec(Architecture!.Value, _latentSize, SampleShape!, ClassCount, Width, Depth) { HighResolution = HighResolution };
        var generator = CreateSeeded(() => Generator.Create(spec));
        if (TargetDevice is not null) generator.To(TargetDevice);
        return generator;
    }
}
