using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Performance;

/// <summary>
/// Counts the multiply-accumulates of one forward pass from the layer shapes actually seen (forward hooks on every
/// Conv2d, ConvTranspose2d and Linear). Normalisation and activations are ignored: they are a few percent at most.
/// </summary>
internal static class FlopCounter
{
    public static double ForwardFlops(nn.Module module, Action runForward)
    {
        double macs = 0;
        var removers = new List<Action>();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    removers.Add(conv.register_forward_hook((m, input, output) =>
                    {
                        var w = conv.weight!;
                        macs += output.numel() * w.shape[1] * w.shape[2] * w.shape[3];
                        return output;
                    }).remove);
                    break;
                case ConvTranspose2d deconv:
                    removers.Add(deconv.register_forward_hook((m, input, output) =>
                    {
                        var w = deconv.weight!;
                        macs += input.numel() * w.shape[1] * w.shape[2] * w.shape[3];
                        return output;
                    }).remove);
                    break;
                case Linear linear:
                    removers.Add(linear.register_forward_hook((m, input, output) =>
                    {
                        macs += output.numel() * linear.in_features;
                        return output;
                    }).remove);
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

        return 2 * macs;
    }
}
