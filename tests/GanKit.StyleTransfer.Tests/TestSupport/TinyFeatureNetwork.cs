using GanKit.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Tests.TestSupport;

/// <summary>
/// A three-layer convolutional feature network with fixed, seeded random weights: enough structure for Gram and
/// content losses to behave like a real network's, at a fraction of the cost.
/// </summary>
public sealed class TinyFeatureNetwork : IFeatureNetwork
{
    private static readonly string[] AllTaps = ["conv1", "conv2", "conv3"];
    private readonly Tensor[] _weights;
    private readonly Tensor[] _biases;

    public TinyFeatureNetwork(long seed = 7, int width = 8)
    {
        using var generator = new Generator((ulong)seed);
        int[] channels = [3, width, width * 2, width * 2];
        _weights = new Tensor[3];
        _biases = new Tensor[3];
        for (int i = 0; i < 3; i++)
        {
            double fanIn = channels[i] * 9;
            _weights[i] = (randn([channels[i + 1], channels[i], 3, 3], generator: generator) * Math.Sqrt(2 / fanIn)).DetachFromDisposeScope();
            _biases[i] = (randn([channels[i + 1]], generator: generator) * 0.01).DetachFromDisposeScope();
        }
    }

    public IReadOnlyList<Tensor> Weights => _weights.Concat(_biases).ToArray();

    public int ExtractCalls { get; private set; }

    public string Name => "tiny";
    public IReadOnlyList<string> Taps => AllTaps;
    public IReadOnlyList<string> DefaultContentTaps => ["conv2"];
    public IReadOnlyList<string> DefaultStyleTaps => AllTaps;
    public int PooledFeatureSize => _weights[2].shape[0] is var c ? (int)c : 0;
    public Device Device => CPU;

    public IReadOnlyDictionary<string, Tensor> Extract(Tensor images, IReadOnlyCollection<string> taps)
    {
        ExtractCalls++;
        var result = new Dictionary<string, Tensor>();
        int deepest = taps.Max(t => Array.IndexOf(AllTaps, t));
        if (taps.Any(t => Array.IndexOf(AllTaps, t) < 0)) throw new ArgumentException("Unknown tap.");
        var x = (images - 0.45) / 0.25;
        for (int i = 0; i <= deepest; i++)
        {
            x = nn.functional.relu(nn.functional.conv2d(x, _weights[i], _biases[i], padding: [1, 1]));
            if (taps.Contains(AllTaps[i])) result[AllTaps[i]] = x;
            if (i < 2) x = nn.functional.max_pool2d(x, 2);
        }

        return result;
    }

    public Tensor ExtractPooled(Tensor images)
    {
        using var noGrad = no_grad();
        return Extract(images, ["conv3"])["conv3"].mean([2, 3]);
    }

    public void Dispose()
    {
        foreach (var t in _weights.Concat(_biases)) t.Dispose();
    }
}
