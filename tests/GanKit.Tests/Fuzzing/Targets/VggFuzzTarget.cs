using GanKit.Features;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GanKit.Fuzzing;

/// <summary>
/// <see cref="FeatureNetworks.Vgg16(string, VggOptions?)"/>'s weights reader (<c>VggWeightsFile.LoadInto</c>, into one VGG16 module
/// shared by all cases) on small PyTorch zip state dicts and safetensors files: float32, float64 and int64 entries, one
/// with torchvision's real first-layer shapes. Whole-VGG files are too big to fuzz quickly, so most cases end in the documented
/// "does not match" error after the file has been parsed. Contract: only <see cref="FeatureNetworkException"/>;
/// managed allocation within eight times the file plus 16 MB.
/// </summary>
public sealed class VggFuzzTarget : FuzzTarget
{
    private VggModule? _module;

    public VggFuzzTarget()
    {
        GanKit.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var generator = new Generator(seed: 5);
        var small = new Dictionary<string, Tensor>
        {
            ["features.0.weight"] = randn([2, 3, 3, 3], generator: generator),
            ["features.0.bias"] = randn([2], generator: generator),
            ["classifier.0.weight"] = randn([2, 2], dtype: ScalarType.Float64, generator: generator),
            ["features.2.weight"] = arange(3, dtype: ScalarType.Int64),
        };
        var conv0 = new Dictionary<string, Tensor>
        {
            ["features.0.weight"] = randn([64, 3, 3, 3], generator: generator),
            ["features.0.bias"] = randn([64], generator: generator),
        };
        Seeds =
        [
            new("safetensors-small", Save(small, pytorch: false), ".safetensors"),
            new("pth-small", Save(small, pytorch: true), ".pth"),
            new("safetensors-conv0", Save(conv0, pytorch: false), ".safetensors"),
            new("pth-conv0", Save(conv0, pytorch: true), ".pth"),
        ];
    }

    public override string Name => "vgg";

    public override IReadOnlyList<Type> DocumentedExceptions { get; } = [typeof(FeatureNetworkException)];

    public override IReadOnlyList<FuzzSeed> Seeds { get; }

    public override void Initialize(string workDirectory) => _module ??= new VggModule(VggArchitecture.Vgg16, VggPooling.Max);

    public override void Run(string path, byte[] bytes, FuzzSeed seed) => VggWeightsFile.LoadInto(_module!, path);

    public override long AllocationBound(byte[] bytes, FuzzSeed seed) => 8L * bytes.Length + (16 << 20);

    public override void Dispose()
    {
        _module?.Dispose();
        base.Dispose();
    }

    private static byte[] Save(Dictionary<string, Tensor> state, bool pytorch)
    {
        var path = Path.GetTempFileName();
        try
        {
            if (pytorch) PyTorchPickler.PickleStateDict(path, state);
            else Safetensors.SaveStateDict(path, state);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
