using static TorchSharp.torch;

namespace GanKit.Models;

internal static class ModelInputs
{
    public static void CheckLabels(Tensor? labels, long batch, int? classCount, string model, bool checkRange = true)
    {
        if (classCount is null)
        {
            if (labels is not null) throw new ArgumentException($"This {model} is unconditional; pass no labels.", nameof(labels));
            return;
        }

        if (labels is null) throw new ArgumentException($"This {model} is conditional on {classCount} classes; pass labels [N].", nameof(labels));
        if (labels.dim() != 1 || labels.shape[0] != batch)
            throw new ArgumentException($"Labels must be [{batch}]; got [{string.Join(",", labels.shape)}].", nameof(labels));
        if (labels.dtype != ScalarType.Int64) throw new ArgumentException($"Labels must be int64; got {labels.dtype}.", nameof(labels));
        if (!checkRange) return; // the caller checked the range once for its whole data set (no host read per batch)
        using var scope = NewDisposeScope();
        if (labels.numel() > 0 && (labels.min().item<long>() < 0 || labels.max().item<long>() >= classCount))
            throw new ArgumentException($"Labels must lie in [0, {classCount}).", nameof(labels));
    }

    // A custom module that returns the wrong shape would otherwise fail far away (in a loss, or silently broadcast).
    public static void CheckOutput(Tensor output, long[] expected, string model)
    {
        if (!output.shape.SequenceEqual(expected))
        {
            throw new InvalidOperationException(
                $"The {model} module returned [{string.Join(",", output.shape)}] where its descriptor promises [{string.Join(",", expected)}].");
        }
    }
}
