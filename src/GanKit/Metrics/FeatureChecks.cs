using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>Input checks shared by the metrics: feature matrices must be <c>[N,D]</c>, large enough and finite.</summary>
internal static class FeatureChecks
{
    public static void Matrix(Tensor features, string name, long minimumRows, long? dimension = null)
    {
        ArgumentNullException.ThrowIfNull(features, name);
        if (features.dim() != 2)
            throw new MetricInputException($"The {name} must be a [N, D] matrix of feature vectors; got shape [{string.Join(",", features.shape)}].");
        if (features.shape[0] < minimumRows)
            throw new MetricInputException($"The {name} hold {features.shape[0]} vectors; at least {minimumRows} are needed.");
        if (dimension is { } d && features.shape[1] != d)
            throw new MetricInputException($"The {name} have {features.shape[1]} dimensions; {d} were expected.");
        if (!features.is_floating_point())
            throw new MetricInputException($"The {name} must be floating point; got {features.dtype}.");
        using var scope = NewDisposeScope();
        if (!isfinite(features).all().item<bool>())
            throw new MetricInputException($"The {name} hold NaN or infinite values (a diverged generator?).");
    }

    public static void SameDimension(Tensor a, Tensor b)
    {
        if (a.shape[1] != b.shape[1])
            throw new MetricInputException($"The two feature sets have different dimensions: {a.shape[1]} and {b.shape[1]}.");
    }
}
