using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models;

/// <summary>What generators and discriminators share: a TorchSharp network, its parameters and its device.</summary>
public abstract class GanModel : IDisposable
{
    private readonly nn.Module _network;
    private readonly bool _ownsNetwork;

    private protected GanModel(nn.Module network, bool ownsNetwork)
    {
        _network = network;
        _ownsNetwork = ownsNetwork;
    }

    /// <summary>The device the weights live on.</summary>
    public Device Device => _network.parameters().First().device;

    /// <summary>The number of trainable parameters.</summary>
    public long ParameterCount => _network.parameters().Sum(p => p.numel());

    /// <summary>The underlying TorchSharp module (for optimizers, custom training and inspection).</summary>
    public nn.Module Module => _network;

    /// <summary>The trainable parameters.</summary>
    /// <returns>The parameters.</returns>
    public IEnumerable<Parameter> Parameters() => _network.parameters();

    /// <summary>
    /// Disposes the network when this model owns it: always for GanKit's built-in networks and copies, and for a module
    /// of your own only when it was wrapped with <c>ownsModule: true</c>.
    /// </summary>
    public void Dispose()
    {
        if (_ownsNetwork) _network.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected void MoveTo(Device device) => _network.to(device);

    // By name, so it works for any module; a missing, extra or differently shaped entry is a different architecture.
    private protected void CopyStateFrom(GanModel source, string model)
    {
        using var noGrad = no_grad();
        var target = _network.state_dict();
        var from = source._network.state_dict();
        var problems = target.Keys.Except(from.Keys).Select(k => $"'{k}' is missing in the source")
            .Concat(from.Keys.Except(target.Keys).Select(k => $"'{k}' is not in the target"))
            .Concat(target.Keys.Intersect(from.Keys).Where(k => !target[k].shape.SequenceEqual(from[k].shape))
                .Select(k => $"'{k}' is [{string.Join(",", from[k].shape)}] in the source but [{string.Join(",", target[k].shape)}] in the target"))
            .Take(5).ToList();
        if (problems.Count > 0)
            throw new ArgumentException($"The two {model}s have different architectures: {string.Join("; ", problems)}.", nameof(source));
        foreach (var (name, value) in from) target[name].copy_(value);
    }
}
