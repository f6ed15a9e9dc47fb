using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>A frozen VGG16/VGG19 (torchvision layout) exposing its ReLU outputs as taps <c>relu1_1</c> … <c>relu5_4</c>.</summary>
internal sealed class VggFeatureNetwork : FeatureNetworkBase
{
    /// <summary>The smallest side accepted: block 5 is 1/16 of the input.</summary>
    internal const int MinimumSize = 16;

    private static readonly float[] TorchvisionMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] TorchvisionStd = [0.229f, 0.224f, 0.225f];
    private static readonly float[] CaffeBgrMean = [103.939f, 116.779f, 123.68f];

    private readonly VggModule _module;
    private readonly VggPreprocessing _preprocessing;
    private readonly Tensor _mean;
    private readonly Tensor _std;

    /// <summary>Wraps <paramref name="module"/> (already holding its weights), freezing it and moving it to <paramref name="device"/>.</summary>
    public VggFeatureNetwork(VggModule module, VggPreprocessing preprocessing, Device device)
        : base(module.Architecture.Name, module.Architecture.Taps, [VggArchitecture.ContentTap], VggArchitecture.StyleTaps, device, MinimumSize)
    {
        _module = module;
        _preprocessing = preprocessing;
        _module.to(device);
        ModuleOwnership.DetachFromDisposeScopes(ModuleOwnership.Freeze(_module));
        var caffe = preprocessing == VggPreprocessing.Caffe;
        _mean = tensor(caffe ? CaffeBgrMean : TorchvisionMean, [1, 3, 1, 1], device: device).DetachFromDisposeScope();
        _std = tensor(caffe ? [1f, 1f, 1f] : TorchvisionStd, [1, 3, 1, 1], device: device).DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public override int PooledFeatureSize => 512;

    /// <summary>The module (for tests and benchmarks).</summary>
    internal VggModule Module => _module;

    /// <inheritdoc />
    protected override Tensor Preprocess(Tensor rgb) => _preprocessing == VggPreprocessing.Caffe
        ? (rgb * 255f).flip(1) - _mean
        : (rgb - _mean) / _std;

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> Forward(Tensor preprocessed, IReadOnlyList<string> taps) => _module.Run(preprocessed, taps);

    /// <inheritdoc />
    protected override Tensor Pool(Tensor preprocessed)
    {
        var tap = _module.Architecture.PooledTap;
        return GlobalAveragePool(_module.Run(preprocessed, [tap])[tap]);
    }

    /// <inheritdoc />
    protected override void DisposeNetwork()
    {
        _module.Dispose();
        _mean.Dispose();
        _std.Dispose();
    }
}
