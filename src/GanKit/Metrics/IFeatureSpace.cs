using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// Maps samples, as a GAN produces them, to feature vectors that FID, KID and precision/recall compare: images
/// <c>[N,C,H,W]</c> in [-1, 1] or plain vectors <c>[N,D]</c>. Create one with <see cref="FeatureSpaces"/> or
/// <see cref="MetricClassifier.AsFeatureSpace"/>.
/// </summary>
public interface IFeatureSpace : IDisposable
{
    /// <summary>A short name for reports, e.g. "resnet18" or "classifier".</summary>
    string Name { get; }

    /// <summary>The length of the feature vectors.</summary>
    int Dimension { get; }

    /// <summary>Embeds a batch of samples, without gradients.</summary>
    /// <param name="samples">Images <c>[N,C,H,W]</c> in [-1, 1] or vectors <c>[N,D]</c>.</param>
    /// <returns><c>[N, Dimension]</c> float32 on the CPU; the caller owns it.</returns>
    Tensor Embed(Tensor samples);
}
