using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Losses;

/// <summary>Checks and copies per-tap weights given to the losses.</summary>
internal static class TapWeights
{
    public static IReadOnlyDictionary<string, double> Resolve(IEnumerable<string> taps, IReadOnlyDictionary<string, double>? weights, string paramName)
    {
        var resolved = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var tap in taps)
        {
            double weight = 1;
            if (weights is not null && !weights.TryGetValue(tap, out weight))
                throw new ArgumentException($"No weight was given for tap '{tap}'.", paramName);
            if (!(weight >= 0 && double.IsFinite(weight)))
                throw new ArgumentException($"The weight of tap '{tap}' must be zero or positive and finite (was {weight}).", paramName);
            resolved[tap] = weight;
        }

        if (weights is not null)
        {
            var unknown = weights.Keys.Where(k => !resolved.ContainsKey(k)).ToArray();
            if (unknown.Length > 0)
                throw new ArgumentException($"Weights were given for taps that have no target: {string.Join(", ", unknown)}.", paramName);
        }

        return resolved;
    }

    /// <summary>Σ_t w_t · loss_t: the weighted total that content and style losses both report.</summary>
    public static Tensor WeightedSum(IReadOnlyDictionary<string, Tensor> perTap, IReadOnlyDictionary<string, double> weights)
    {
        using var scope = NewDisposeScope();
        Tensor? total = null;
        foreach (var (tap, value) in perTap)
        {
            var term = value * weights[tap];
            total = total is null ? term : total + term;
        }

        return total!.MoveToOuterDisposeScope();
    }
}
