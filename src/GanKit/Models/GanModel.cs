using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models;

/// <summary>What generators and discriminators share: a TorchSharp network, its parameters and its device.</summary>
public abstract class GanModel : IDisposable
{
    private readonly nn.Module _network;

    private protected GanModel(nn.Module network) => _network = network;

    /// <summary>The device the weights live on.</summary>
    public Device Device => _network.parameters().First().device;

    /// <summary>The number of trainable parameters.</summary>
    public long ParameterCount => _network.parameters().Sum(p => p.numel());

    /// <summary>The underlying TorchSharp module (for optimizers, custom training and inspection).</summary>
    public nn.Module Module => _network;

    /// <summary>The trainable parameters.</summary>
    /// <returns>The parameters.</returns>
    public IEnumerable<Parameter> Parameters() => _network.parameters();

    /// <summary>Disposes the network.</summary>
    public void Dispose()
    {
        _network.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected void MoveTo(Device device) => _network.to(device);
}
