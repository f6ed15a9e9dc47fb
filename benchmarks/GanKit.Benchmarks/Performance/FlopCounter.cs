using GanKit.Models.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Performance;

/// <summary>
/// Counts the multiply-accumulates of one forward pass from the layer shapes actually seen (forward hooks on every
/// Conv2d, ConvTranspose2d, Linear and GanKit's spectral-norm Conv2d/Linear). Normalisation and activations are
/// ignored: they are a few percent at most.
/// </summary>
/// <remarks>
/// TorchSharp runs forward hooks only when a module is invoked through <c>Module.call</c>; a parent that calls
/// <c>child.forward(x)</c> bypasses them. A layer whose hook never fired would silently drop out of the count, so
/// the counter refuses to return a number unless every counted layer in the tree ran at least once.
/// </remarks>
internal static class FlopCounter
{
    public static double ForwardFlops(nn.Module module, Action runForward)
    {
        double macs = 0;
        var removers = new List<Action>();
        var silent = new Dictionary<nn.Module, string>(ReferenceEqualityComparer.Instance);

        void Count(string name, nn.Module<Tensor, Tensor> layer, Func<Tensor, Tensor, double> macsOf)
        {
            silent[layer] = name;
            removers.Add(layer.register_forward_hook((m, input, output) =>
            {
                silent.Remove(layer);
                macs += macsOf(input, output);
                return output;
            }).remove);
        }

        foreach (var (name, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    Count(name, conv, (_, output) => output.numel() * KernelVolume(conv.weight!));
                    break;
                case ConvTranspose2d deconv:
                    // Every input pixel scatters a Cout×k×k patch.
                    Count(name, deconv, (input, _) => input.numel() * deconv.weight!.shape[1] * deconv.weight.shape[2] * deconv.weight.shape[3]);
                    break;
                case Linear linear:
                    Count(name, linear, (_, output) => output.numel() * linear.in_features);
                    break;
                case SpectralNormConv2d snConv:
                    Count(name, snConv, (_, output) => output.numel() * KernelVolume(Weight(snConv)));
                    break;
                case SpectralNormLinear snLinear:
                    Count(name, snLinear, (_, output) => output.numel() * Weight(snLinear).shape[1]);
                    break;
            }
        }

        try
        {
            using (no_grad()) runForward();
        }
        finally
        {
            foreach (var remove in removers) remove();
        }

        if (silent.Count > 0)
            throw new InvalidOperationException(
                $"The forward pass never ran {string.Join(", ", silent.Values.Order())} through Module.call, so their " +
                "FLOPs cannot be counted (a parent calls child.forward(x) instead of child.call(x)).");
        return 2 * macs;
    }

    private static long KernelVolume(Tensor weight) => weight.shape[1] * weight.shape[2] * weight.shape[3];

    private static Tensor Weight(nn.Module layer) => layer.named_parameters().Single(p => p.name == "weight").parameter;
}
