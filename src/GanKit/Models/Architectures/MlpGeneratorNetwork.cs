using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>
/// z (concatenated with a class embedding when conditional) → [Linear → (BatchNorm) → ReLU] × depth → Linear → sample.
/// Image outputs pass through tanh to land in [-1, 1]; vector outputs (e.g. 2D points) are left unbounded.
/// </summary>
internal sealed class MlpGeneratorNetwork : GeneratorNetwork
{
    private readonly Sequential body;
    private readonly Embedding? embedding;
    private readonly long[] _outputShape;
    private readonly bool _tanh;

    public MlpGeneratorNetwork(GeneratorSpec spec) : base("MlpGenerator")
    {
        _outputShape = spec.OutputShape;
        _tanh = spec.OutputShape.Length == 3;
        long inputs = spec.LatentSize;
        if (spec.ClassCount is { } classes)
        {
            embedding = nn.Embedding(classes, spec.LatentSize);
            inputs += spec.LatentSize;
        }

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < spec.Depth; i++)
        {
            layers.Add(($"fc{i}", nn.Linear(i == 0 ? inputs : spec.Width, spec.Width)));
            if (spec.BatchNorm) layers.Add(($"bn{i}", nn.BatchNorm1d(spec.Width)));
            layers.Add(($"act{i}", nn.ReLU()));
        }

        layers.Add(("out", nn.Linear(spec.Depth == 0 ? inputs : spec.Width, _outputShape.Aggregate(1L, (a, b) => a * b))));
        body = nn.Sequential(layers);
        RegisterComponents();
    }

    public override Tensor forward(Tensor z, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var input = embedding is null ? z : cat([z, embedding.call(labels!)], 1);
        var x = body.call(input);
        if (_tanh) x = x.tanh();
        return x.reshape(new[] { z.shape[0] }.Concat(_outputShape).ToArray()).MoveToOuterDisposeScope();
    }
}
