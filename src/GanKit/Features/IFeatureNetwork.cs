using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>
/// A frozen, differentiable image network that exposes intermediate activations ("taps") by name.
/// Style transfer reads content and style features from it; metrics (FID, KID, precision/recall) read pooled features.
/// Implementations own their preprocessing: callers always pass RGB images in [0, 1].
/// </summary>
public interface IFeatureNetwork : IDisposable
{
    /// <summary>A short name for logs and reports, e.g. "resnet18".</summary>
    string Name { get; }

    /// <summary>Every tap this network can return, in forward order.</summary>
    IReadOnlyList<string> Taps { get; }

    /// <summary>The taps that suit a content loss by default.</summary>
    IReadOnlyList<string> DefaultContentTaps { get; }

    /// <summary>The taps that suit a style (Gram) loss by default.</summary>
    IReadOnlyList<string> DefaultStyleTaps { get; }

    /// <summary>The length of <see cref="ExtractPooled"/>'s feature vectors.</summary>
    int PooledFeatureSize { get; }

    /// <summary>The device the network's weights live on.</summary>
    Device Device { get; }

    /// <summary>
    /// Runs the network on <c>[N,3,H,W]</c> RGB images in [0, 1] and returns the requested taps' activations
    /// <c>[N,C,h,w]</c>. Gradients flow to the input when it requires them; the network's own weights never change.
    /// The forward pass stops at the deepest requested tap.
    /// </summary>
    /// <param name="images">RGB images in [0, 1], on <see cref="Device"/>.</param>
    /// <param name="taps">The taps to return; each must be in <see cref="Taps"/>.</param>
    /// <returns>One tensor per requested tap, keyed by tap name. The caller owns the tensors.</returns>
    IReadOnlyDictionary<string, Tensor> Extract(Tensor images, IReadOnlyCollection<string> taps);

    /// <summary>Globally pooled features <c>[N, PooledFeatureSize]</c> for metrics, computed without gradients.</summary>
    /// <param name="images">RGB images in [0, 1], <c>[N,3,H,W]</c>.</param>
    /// <returns>The pooled features. The caller owns the tensor.</returns>
    Tensor ExtractPooled(Tensor images);
}
