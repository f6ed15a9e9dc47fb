using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>The samples themselves, flattened: for vector data and for tests.</summary>
internal sealed class IdentityFeatureSpace(int dimension) : IFeatureSpace
{
    public string Name => "identity";

    public int Dimension => dimension;

    public Tensor Embed(Tensor samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var flat = samples.detach().reshape(samples.shape[0], -1);
        if (flat.shape[1] != dimension)
        {
            flat.Dispose();
            throw new MetricInputException($"The identity feature space expects {dimension} values per sample; got {samples.numel() / Math.Max(1, samples.shape[0])}.");
        }

        return flat.to(CPU).to(ScalarType.Float32);
    }

    public void Dispose() { }
}
