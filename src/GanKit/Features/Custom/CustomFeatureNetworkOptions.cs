using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>Options for <see cref="FeatureNetworks.Custom"/>.</summary>
public sealed record CustomFeatureNetworkOptions
{
    /// <summary>The network's name for logs and reports. Default: "custom".</summary>
    public string Name { get; init; } = "custom";

    /// <summary>The default content taps; null means the middle tap.</summary>
    public IReadOnlyList<string>? ContentTaps { get; init; }

    /// <summary>The default style taps; null means every tap.</summary>
    public IReadOnlyList<string>? StyleTaps { get; init; }

    /// <summary>The tap whose activations <see cref="IFeatureNetwork.ExtractPooled"/> averages; null means the last tap.</summary>
    public string? PooledTap { get; init; }

    /// <summary>
    /// The channel count of <see cref="PooledTap"/>; null means it is measured on first use by running one
    /// <see cref="ProbeImageSize"/>-square black image through the network.
    /// </summary>
    public int? PooledFeatureSize { get; init; }

    /// <summary>The image size used to measure <see cref="PooledFeatureSize"/> when it is not given (at least <see cref="MinimumImageSize"/>). Default: 64.</summary>
    public int ProbeImageSize { get; init; } = 64;

    /// <summary>The smallest height and width accepted. Default: 1.</summary>
    public int MinimumImageSize { get; init; } = 1;

    /// <summary>The device to move the module to; null keeps it where its first parameter is (the CPU if it has none).</summary>
    public Device? Device { get; init; }

    /// <summary>Whether disposing the network disposes the module. Default: false (what you pass in stays yours, as everywhere in GanKit).</summary>
    public bool OwnsModule { get; init; }
}
