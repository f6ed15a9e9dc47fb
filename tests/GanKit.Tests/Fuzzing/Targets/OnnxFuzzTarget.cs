using CsCheck;
using GanKit.Features;
using GanKit.Tests.Features.Support;
using static TorchSharp.torch;

namespace GanKit.Fuzzing;

/// <summary>
/// The ONNX path of <see cref="PretrainedFeatureNetworks.ResNet18"/> without its cache: read the file into a graph and weights
/// (<c>ResNet18Weights.Read</c>, i.e. parse ONNX bytes → model → tensors), then convert it into a module. The seeds are tiny
/// convolutional graphs whose values carry the five ResNet18 tap names, so they pass the structural check and every stage is
/// reached. A quarter of the cases rewrite one weight's dims to interesting values (2^32, 2^40, negatives) with the data kept.
/// Contract: only <see cref="FeatureNetworkException"/>; managed allocation within eight times the file plus 16 MB.
/// </summary>
public sealed class OnnxFuzzTarget : FuzzTarget
{
    private static readonly (string Name, long[] Dims)[] Weights =
    [
        ("w1", [4, 3, 3, 3]), ("b1", [4]), ("scale", [4]), ("shift", [4]), ("mean", [4]), ("var", [4]), ("w2", [4, 4, 3, 3]),
    ];

    public OnnxFuzzTarget()
    {
        Seeds = [new("tiny-packed", Model(raw: false, null), ".onnx"), new("tiny-raw", Model(raw: true, null), ".onnx")];
    }

    public override string Name => "onnx";

    public override IReadOnlyList<Type> DocumentedExceptions { get; } = [typeof(FeatureNetworkException)];

    public override IReadOnlyList<FuzzSeed> Seeds { get; }

    public override byte[] Mutate(FuzzSeed seed, PCG rng, List<string> log)
    {
        if (rng.Next(4) != 0) return Mutator.Mutate(seed.Bytes, rng, log);
        var weight = Weights[rng.Next((uint)Weights.Length)].Name;
        var dims = new long[1 + rng.Next(4)];
        for (int i = 0; i < dims.Length; i++)
            dims[i] = rng.Next(2) == 0 ? Mutator.InterestingIntegers[rng.Next((uint)Mutator.InterestingIntegers.Length)] : 1 + rng.Next(4);
        bool keepData = rng.Next(2) == 0;
        log.Add($"dims of '{weight}' = [{string.Join(",", dims)}]{(keepData ? "" : ", no data")}");
        var bytes = Model(seed.Name.EndsWith("raw", StringComparison.Ordinal), (weight, dims, keepData));
        return rng.Next(2) == 0 ? bytes : Mutator.Mutate(bytes, rng, log);
    }

    public override void Run(string path, byte[] bytes, FuzzSeed seed) => Load(path);

    /// <summary>Reads and converts the file as <see cref="PretrainedFeatureNetworks.ResNet18"/> does, then releases everything.</summary>
    public static void Load(string path)
    {
        var weights = ResNet18Weights.Read(path);
        try
        {
            using var network = new ResNet18FeatureNetwork(weights, CPU);
        }
        finally
        {
            foreach (var t in weights.Tensors.Values) t.Dispose();
        }
    }

    public override long AllocationBound(byte[] bytes, FuzzSeed seed) => 8L * bytes.Length + (16 << 20);

    /// <summary>The tiny tap-named graph; <paramref name="lie"/> replaces one weight's dims, keeping its data or dropping it.</summary>
    public static byte[] Model(bool raw, (string Name, long[] Dims, bool KeepData)? lie)
    {
        var writer = new OnnxModelWriter().Input("x", 1, 3, 8, 8).Output("ReLU393_Output_0");
        foreach (var (name, dims) in Weights)
        {
            var count = (int)dims.Aggregate(1L, (a, d) => a * d);
            var values = Enumerable.Range(0, count).Select(i => MathF.Sin(i * 0.37f + name.Length) * (name == "var" ? 0.1f : 1f) + (name == "var" ? 1f : 0f)).ToArray();
            if (lie is { } l && l.Name == name) writer.Weight(name, l.Dims, l.KeepData ? values : [], raw && name.StartsWith('w'));
            else writer.Weight(name, dims, values, raw && name.StartsWith('w'));
        }

        return writer
            .Node("Conv", "conv1", ["x", "w1", "b1"], "c1", ("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("BatchNormalization", "bn1", ["c1", "scale", "shift", "mean", "var"], "n1", ("epsilon", 1e-5f))
            .Node("Relu", "relu1", ["n1"], "ReLU253_Output_0")
            .Node("MaxPool", "pool1", ["ReLU253_Output_0"], "p1", ("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 0, 0 }))
            .Node("Conv", "conv2", ["p1", "w2"], "c2", ("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 1, 1, 1 }), ("auto_pad", "NOTSET"))
            .Node("Add", "add2", ["c2", "p1"], "a2")
            .Node("Relu", "relu2", ["a2"], "ReLU283_Output_0")
            .Node("AveragePool", "pool3", ["ReLU283_Output_0"], "p3", ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }))
            .Node("Relu", "relu3", ["p3"], "ReLU315_Output_0")
            .Node("Relu", "relu4", ["ReLU315_Output_0"], "ReLU347_Output_0")
            .Node("Relu", "relu5", ["ReLU347_Output_0"], "ReLU393_Output_0")
            .ToBytes();
    }
}
