using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>
/// VGG's convolutional part as a TorchSharp module whose state dict uses torchvision's names (<c>features.N.weight</c>),
/// with a forward pass that can stop at the deepest requested ReLU tap.
/// </summary>
internal sealed class VggModule : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly nn.Module<Tensor, Tensor>[] _layers;
    private readonly Dictionary<string, int> _tapIndex;

    public VggModule(VggArchitecture architecture, VggPooling pooling) : base(architecture.Name)
    {
        Architecture = architecture;
        _layers = architecture.Layers.Select(l => l.Kind switch
        {
            VggLayerKind.Conv => (nn.Module<Tensor, Tensor>)nn.Conv2d(l.InChannels, l.OutChannels, 3, padding: 1),
            VggLayerKind.Relu => nn.ReLU(),
            _ => pooling == VggPooling.Max ? nn.MaxPool2d(2, 2) : nn.AvgPool2d(2, 2),
        }).ToArray();
        features = nn.Sequential(_layers.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m)).ToArray());
        _tapIndex = architecture.Layers.Where(l => l.Tap is not null).ToDictionary(l => l.Tap!, l => l.Index, StringComparer.Ordinal);
        RegisterComponents();
    }

    /// <summary>The layout this module was built from.</summary>
    public VggArchitecture Architecture { get; }

    /// <summary>The convolutions with their torchvision indices in <c>features</c>.</summary>
    public IEnumerable<(int Index, Conv2d Conv)> Convolutions =>
        _layers.Select((m, i) => (i, m)).Where(p => p.m is Conv2d).Select(p => (p.i, (Conv2d)p.m));

    public override Tensor forward(Tensor input) => Run(input, [Architecture.Taps[^1]])[Architecture.Taps[^1]];

    /// <summary>Runs the layers up to the deepest of <paramref name="taps"/> and returns those ReLU outputs.</summary>
    public Dictionary<string, Tensor> Run(Tensor input, IReadOnlyCollection<string> taps)
    {
        var wanted = taps.ToDictionary(t => _tapIndex[t], t => t);
        var last = wanted.Keys.Max();
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var x = input;
        for (var i = 0; i <= last; i++)
        {
            var y = _layers[i].call(x);
            if (!ReferenceEquals(x, input) && !wanted.ContainsKey(i - 1)) x.Dispose(); // release what no later layer or tap needs
            x = y;
            if (wanted.TryGetValue(i, out var tap)) result[tap] = x;
        }

        return result;
    }

    /// <summary>Fills the convolutions with torchvision's initialisation (Kaiming normal, fan-out, zero bias) from a seeded generator.</summary>
    public void InitializeRandom(long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var conv in _layers.OfType<Conv2d>())
        {
            var w = conv.weight!;
            var fanOut = w.shape[0] * w.shape[2] * w.shape[3];
            w.normal_(0, Math.Sqrt(2.0 / fanOut), generator); // nn.init.normal_ ignores its generator in TorchSharp 0.107
            conv.bias!.zero_();
        }
    }
}
