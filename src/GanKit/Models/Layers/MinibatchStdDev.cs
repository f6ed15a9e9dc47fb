using static TorchSharp.torch;

namespace GanKit.Models.Layers;

/// <summary>
/// The minibatch standard-deviation layer (Karras et al. 2018): appends one feature holding the average standard
/// deviation of every feature across groups of samples, so the discriminator can see a lack of variety
/// (mode collapse) in a batch. Works on <c>[N,C,H,W]</c> (adds a channel) and <c>[N,F]</c> (adds a feature).
/// </summary>
public sealed class MinibatchStdDev : nn.Module<Tensor, Tensor>
{
    private readonly int _groupSize;

    /// <summary>Creates the layer.</summary>
    /// <param name="groupSize">Samples per statistics group (the batch size must be divisible by it, or smaller).</param>
    public MinibatchStdDev(int groupSize = 4) : base(nameof(MinibatchStdDev))
    {
        if (groupSize < 1) throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize, "Must be at least 1.");
        _groupSize = groupSize;
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        long n = input.shape[0];
        long g = Math.Min(_groupSize, n);
        if (n % g != 0) g = 1;
        var grouped = input.reshape(new[] { g, n / g }.Concat(input.shape.Skip(1)).ToArray());
        // Std over the group, averaged over every feature: one number per group.
        var std = (grouped.var(0, unbiased: false) + 1e-8).sqrt();
        var perGroup = std.reshape(n / g, -1).mean([1], keepdim: true); // [n/g, 1]
        var perSample = perGroup.repeat(g, 1);                            // sample i belongs to group i % (n/g)
        Tensor extra = input.dim() == 4
            ? perSample.view(n, 1, 1, 1).expand(n, 1, input.shape[2], input.shape[3])
            : perSample.view(n, 1);
        return cat([input, extra], 1).MoveToOuterDisposeScope();
    }
}
