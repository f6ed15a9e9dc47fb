using GanKit.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>
/// The ImageNet ResNet18 of <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c>, converted from ONNX to a frozen TorchSharp module.
/// Preprocessing follows the package's ResNetPreprocess.onnx: RGB in [0, 255], reordered to BGR, minus the mean image's
/// per-channel means (the mean image itself is 224×224; its channel means serve every size). No division by a std.
/// </summary>
internal sealed class ResNet18FeatureNetwork : FeatureNetworkBase
{
    /// <summary>The per-channel means of ResNetPreprocess.onnx's <c>MeanImage</c>, in BGR order (0–255 scale).</summary>
    internal static readonly float[] BgrMeans = [103.0626f, 115.9029f, 123.1516f];

    /// <summary>The smallest side accepted: stage 4 is 1/32 of the input, so 32 px gives it one pixel.</summary>
    internal const int MinimumSize = 32;

    private readonly OnnxGraphModule _module;
    private readonly Tensor _mean;
    private readonly Dictionary<string, string> _onnxValueOf;

    public ResNet18FeatureNetwork(ResNet18Weights weights, Device device)
        : base("resnet18", ResNet18Taps.OnnxValues.Select(v => v.Tap).ToArray(), [ResNet18Taps.Stage2],
            [ResNet18Taps.Stem, ResNet18Taps.Stage1, ResNet18Taps.Stage2, ResNet18Taps.Stage3, ResNet18Taps.Stage4], device, MinimumSize)
    {
        _onnxValueOf = ResNet18Taps.OnnxValues.ToDictionary(v => v.Tap, v => v.OnnxValue, StringComparer.Ordinal);
        try
        {
            // Views of the shared CPU weights (no copy); .to() copies only when the device is not the CPU.
            _module = OnnxGraphConverter.Convert(weights.Structure, "resnet18", t => weights.Tensors[t.Name].detach());
        }
        catch (FeatureNetworkException ex)
        {
            throw new FeatureNetworkException($"The ResNet18 model file {weights.Path} cannot be converted: {ex.Message}", ex);
        }

        _module.to(device);
        ModuleOwnership.DetachFromDisposeScopes(ModuleOwnership.Freeze(_module));
        _mean = tensor(BgrMeans, [1, 3, 1, 1], device: device).DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public override int PooledFeatureSize => 512;

    /// <summary>The converted module (for tests and benchmarks).</summary>
    internal OnnxGraphModule Module => _module;

    /// <inheritdoc />
    protected override Tensor Preprocess(Tensor rgb) => (rgb * 255f).flip(1) - _mean;

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> Forward(Tensor preprocessed, IReadOnlyList<string> taps)
    {
        var values = _module.Run(preprocessed, taps.Select(t => _onnxValueOf[t]).ToArray());
        return taps.ToDictionary(t => t, t => values[_onnxValueOf[t]], StringComparer.Ordinal);
    }

    /// <inheritdoc />
    protected override Tensor Pool(Tensor preprocessed) => GlobalAveragePool(Forward(preprocessed, [ResNet18Taps.Stage4])[ResNet18Taps.Stage4]);

    /// <inheritdoc />
    protected override void DisposeNetwork()
    {
        _module.Dispose();
        _mean.Dispose();
    }
}
