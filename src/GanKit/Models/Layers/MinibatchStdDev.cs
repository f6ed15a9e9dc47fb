using static TorchSharp.torch;

namespace GanKit.Models.Layers;

/// <summary>
/// The minibatch standard-deviation layer (Karras et al. 2018): appends one feature holding the average standard
/// deviation of every feature across groups of samples, so the discriminator can see a lack of variety
/// (mode collapse) in a batch. Works on <c>[N,C,H,W]</c> (adds a channel) and <c>[N,F]</c> (adds a feature).
/// As in ProGAN/StyleGAN, the group size is min(<see cref="GroupSize"/>, N) and N must divide into such groups;
/// sample i belongs to group i mod (N / group size), and its new feature is that group's value.
/// </summary>
/// <remarks>
/// Usable in your own discriminator modules; it has no weights. The trainer's Build checks every such layer in a
/// discriminator against batch size / pack size, so put it after any PacGAN packing (<see cref="PacGan.Pack"/>).
/// </remarks>
public sealed class MinibatchStdDev : nn.Module<Tensor, Tensor>
{
    /// <summary>The group size ProGAN and StyleGAN use, and the one GanKit's discriminators are built with.</summary>
    public const int DefaultGroupSize = 4;

    /// <summary>Creates the layer.</summary>
    /// <param name="groupSize">Samples per statistics group (the batch size must be divisible by it, or smaller).</param>
    public MinibatchStdDev(int groupSize = DefaultGroupSize) : base(nameof(MinibatchStdDev))
    {
        if (groupSize < 1) throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize, "Must be at least 1.");
        GroupSize = groupSize;
    }

    /// <summary>The largest number of samples per statistics group.</summary>
    public int GroupSize { get; }

    /// <summary>
    /// Whether a batch of <paramref name="rows"/> divides into groups of min(<paramref name="groupSize"/>, rows),
    /// i.e. whether <see cref="forward"/> accepts it.
    /// </summary>
    /// <param name="groupSize">The layer's group size.</param>
    /// <param name="rows">The batch size the layer sees (after PacGAN packing).</param>
    /// <returns>True when the batch fits.</returns>
    public static bool Fits(int groupSize, long rows) => rows >= 1 && rows % Math.Min(groupSize, rows) == 0;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch does not divide into groups of min(<see cref="GroupSize"/>, N).</exception>
    public override Tensor forward(Tensor input)
    {
        long n = input.shape[0];
        // A silent fallback to groups of 1 would make the feature a constant (the std of one sample is 0).
        if (!Fits(GroupSize, n))
            throw new ArgumentException(
                $"The minibatch standard-deviation layer groups {GroupSize} samples, but a batch of {n} (after packing, if any) " +
                $"does not divide into groups of {GroupSize}; use a batch that is a multiple of {GroupSize} or smaller than it.", nameof(input));

        using var scope = NewDisposeScope();
        long g = Math.Min(GroupSize, n);
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
