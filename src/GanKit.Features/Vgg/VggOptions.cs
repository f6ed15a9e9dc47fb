using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>Options for the VGG feature networks.</summary>
public sealed record VggOptions
{
    /// <summary>The preprocessing the weights expect. Default: <see cref="VggPreprocessing.Torchvision"/>.</summary>
    public VggPreprocessing Preprocessing { get; init; } = VggPreprocessing.Torchvision;

    /// <summary>The pooling between blocks. Default: <see cref="VggPooling.Max"/>.</summary>
    public VggPooling Pooling { get; init; } = VggPooling.Max;

    /// <summary>The device for the weights; null means the CPU.</summary>
    public Device? Device { get; init; }
}
