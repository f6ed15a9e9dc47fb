using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>
/// Turns any TorchSharp module into a feature network. The pretrained networks (ImageNet ResNet18, VGG16/19) live in the
/// <c>GanKit.Features</c> package: <c>PretrainedFeatureNetworks.ResNet18()</c>, <c>PretrainedFeatureNetworks.Vgg19(path)</c>.
/// </summary>
/// <remarks>
/// Every network takes RGB images <c>[N,3,H,W]</c> (or grayscale <c>[N,1,H,W]</c>) as float32 in [0, 1] on its
/// <see cref="IFeatureNetwork.Device"/> and applies its own preprocessing. A network may be used from several threads at once;
/// dispose it when done.
/// </remarks>
public static class FeatureNetworks
{
    /// <summary>
    /// Any TorchSharp module as a feature network. For a <c>Sequential</c>, taps name its children and the forward pass stops at the
    /// deepest requested tap; for any other module, taps name entries of <c>named_modules()</c> (e.g. <c>layer1.0.relu</c>) and are
    /// captured with forward hooks while the whole forward runs. The module is frozen (its parameters stop requiring gradients and
    /// it is put in eval mode) and, by default, disposed with the network.
    /// </summary>
    /// <param name="module">The module; its submodules that are taps must map one tensor to one tensor and must not be followed by in-place operations.</param>
    /// <param name="taps">The tap names, in forward order.</param>
    /// <param name="preprocess">Turns RGB images in [0, 1] into the module's input; null passes them unchanged.</param>
    /// <param name="options">Name, default taps, pooling and ownership; null uses the defaults.</param>
    /// <returns>A new network.</returns>
    /// <exception cref="FeatureNetworkException">A tap does not name a child/submodule, or the options name unknown taps.</exception>
    public static IFeatureNetwork Custom(nn.Module<Tensor, Tensor> module, IReadOnlyList<string> taps, Func<Tensor, Tensor>? preprocess = null,
        CustomFeatureNetworkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(taps);
        TorchRuntime.EnsureLoaded();
        if (taps.Count == 0) throw new FeatureNetworkException("A custom feature network needs at least one tap.");
        options ??= new CustomFeatureNetworkOptions();
        var device = options.Device ?? module.parameters().FirstOrDefault()?.device ?? CPU;
        return new CustomFeatureNetwork(module, taps, preprocess, options, device);
    }
}
