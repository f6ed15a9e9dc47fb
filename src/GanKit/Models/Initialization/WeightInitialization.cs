using GanKit.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Initialization;

/// <summary>
/// Re-draws every weight of a module tree from a generator GanKit owns, with PyTorch's default distributions, so a
/// seeded model never depends on torch's process-wide generator (which other threads may draw from at any time).
/// TorchSharp's layer constructors draw their initial weights from the global generator; those values are discarded.
/// </summary>
internal static class WeightInitialization
{
    /// <summary>Resets every known layer below (and including) <paramref name="root"/>.</summary>
    public static void Reset(nn.Module root, torch.Generator random)
    {
        using var noGrad = no_grad();
        Visit(root, random);
    }

    /// <summary>Takes every parameter and buffer of <paramref name="module"/> out of the current dispose scope.</summary>
    public static void KeepState(nn.Module module)
    {
        foreach (var p in module.parameters()) p.DetachFromDisposeScope();
        foreach (var b in module.buffers()) b.DetachFromDisposeScope();
    }

    private static void Visit(nn.Module module, torch.Generator random)
    {
        switch (module)
        {
            case ISeededLayer seeded:
                seeded.ResetParameters(random);
                return; // it initialises its children itself
            case Linear or Conv1d or Conv2d or ConvTranspose2d:
                FanInUniform(module, random);
                return;
            case Embedding embedding:
                embedding.weight!.normal_(0, 1, random);
                return;
        }

        foreach (var (_, child) in module.named_children()) Visit(child, random);
    }

    /// <summary>
    /// PyTorch's default for linear and convolution layers: kaiming_uniform_(a=√5) for the weight and U(±1/√fan_in) for
    /// the bias, which both come to U(±1/√fan_in) with fan_in = size(1) · receptive field.
    /// </summary>
    private static void FanInUniform(nn.Module layer, torch.Generator random)
    {
        foreach (var (name, parameter) in layer.named_parameters(recurse: false))
        {
            if (name != "weight") continue;
            double bound = 1.0 / Math.Sqrt(FanIn(parameter));
            parameter.uniform_(-bound, bound, random);
            foreach (var (biasName, bias) in layer.named_parameters(recurse: false))
                if (biasName == "bias") bias.uniform_(-bound, bound, random);
        }
    }

    /// <summary>fan_in as <c>torch.nn.init._calculate_fan_in_and_fan_out</c> computes it.</summary>
    public static long FanIn(Tensor weight)
    {
        long receptive = 1;
        for (int d = 2; d < weight.dim(); d++) receptive *= weight.shape[d];
        return Math.Max(1, weight.shape[1] * receptive);
    }

    /// <summary>A generator seeded from <paramref name="seed"/> and <paramref name="purpose"/>, or from fresh entropy when no seed is given.</summary>
    public static torch.Generator CreateGenerator(long? seed, string purpose) =>
        seed is { } s ? Runtime.Seeding.CreateGenerator(s, purpose) : new torch.Generator((ulong)Random.Shared.NextInt64(long.MaxValue));
}

/// <summary>A layer that (re)initialises its own parameters from a given generator.</summary>
internal interface ISeededLayer
{
    void ResetParameters(torch.Generator random);
}
