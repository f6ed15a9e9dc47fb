using GanKit.Features;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GanKit.Fuzzing;

/// <summary>
/// <see cref="PretrainedFeatureNetworks.Vgg16(string, VggOptions?)"/>'s weights reader (<c>VggWeightsFile.LoadInto</c>) on small PyTorch
/// zip state dicts and safetensors files. Whole VGG16 files (60 MB) are too big to fuzz by the ten thousand, so the module is
/// a tiny VGG-style one (<see cref="Architecture"/>: two blocks of one 3×3 convolution, 3→2→2 channels) that the seeds
/// match: an undamaged seed loads, so damaged files reach the shape check and the weight copy, not only the parsers.
/// The seeds hold float32 or float64 weights plus extra float64 and int64 entries, as torchvision files hold a classifier.
/// Contract: only <see cref="FeatureNetworkException"/>; managed allocation within eight times the file plus 16 MB.
/// </summary>
public sealed class VggFuzzTarget : FuzzTarget
{
    /// <summary>The tiny layout: features.0 (conv 3→2), 1 (ReLU), 2 (pool), 3 (conv 2→2), 4 (ReLU), 5 (pool).</summary>
    internal static VggArchitecture Architecture { get; } = new("tiny-vgg", [1, 1], [2, 2]);

    private VggModule? _module;

    public VggFuzzTarget()
    {
        GanKit.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        Seeds =
        [
            new("safetensors-f32", Save(State(ScalarType.Float32), pytorch: false), ".safetensors"),
            new("pth-f32", Save(State(ScalarType.Float32), pytorch: true), ".pth"),
            new("safetensors-f64", Save(State(ScalarType.Float64), pytorch: false), ".safetensors"),
            new("pth-f64", Save(State(ScalarType.Float64), pytorch: true), ".pth"),
        ];
    }

    public override string Name => "vgg";

    public override IReadOnlyList<Type> DocumentedExceptions { get; } = [typeof(FeatureNetworkException)];

    public override IReadOnlyList<FuzzSeed> Seeds { get; }

    /// <summary>The module every case loads into (created by <see cref="Initialize"/>).</summary>
    internal VggModule Module => _module ?? throw new InvalidOperationException("Initialize first.");

    public override void Initialize(string workDirectory) => _module ??= new VggModule(Architecture, VggPooling.Max);

    public override void Run(string path, byte[] bytes, FuzzSeed seed) => VggWeightsFile.LoadInto(Module, path);

    public override long AllocationBound(byte[] bytes, FuzzSeed seed) => 8L * bytes.Length + (16 << 20);

    public override void Dispose()
    {
        _module?.Dispose();
        base.Dispose();
    }

    /// <summary>The seeds' weights (seeded, so the test can compare what was loaded), in <paramref name="type"/>.</summary>
    internal static Dictionary<string, Tensor> State(ScalarType type)
    {
        var generator = new Generator(seed: 5);
        return new Dictionary<string, Tensor>
        {
            ["features.0.weight"] = randn([2, 3, 3, 3], generator: generator).to(type),
            ["features.0.bias"] = randn([2], generator: generator).to(type),
            ["features.3.weight"] = randn([2, 2, 3, 3], generator: generator).to(type),
            ["features.3.bias"] = randn([2], generator: generator).to(type),
            ["classifier.0.weight"] = randn([2, 2], dtype: ScalarType.Float64, generator: generator),
            ["classifier.9.num_batches"] = arange(3, dtype: ScalarType.Int64),
        };
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
