using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// Streaming mean and covariance of feature vectors, in double precision: feed batches with <see cref="Add"/> and only
/// <c>D + D²</c> numbers are kept, however many samples pass through (50,000 generated images never sit in memory at once).
/// Batches are merged with Chan et al.'s pairwise update (mean and centred sums of squares), which stays accurate when the
/// features have a large mean. The Gaussian fit of two such accumulators gives the FID (<see cref="FrechetDistance"/>).
/// </summary>
public sealed class FeatureStatistics : IDisposable
{
    private Tensor _mean;
    private Tensor _centredSquares;

    /// <summary>Creates an empty accumulator for <paramref name="dimension"/>-dimensional features.</summary>
    /// <param name="dimension">The feature length, at least 1.</param>
    public FeatureStatistics(int dimension)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The feature dimension must be at least 1.");
        TorchRuntime.EnsureLoaded();
        Dimension = dimension;
        _mean = zeros(dimension, ScalarType.Float64).DetachFromDisposeScope();
        _centredSquares = zeros(dimension, dimension, ScalarType.Float64).DetachFromDisposeScope();
    }

    /// <summary>The feature length.</summary>
    public int Dimension { get; }

    /// <summary>The number of vectors added so far.</summary>
    public long Count { get; private set; }

    /// <summary>Fits a Gaussian to a feature matrix in one go.</summary>
    /// <param name="features"><c>[N,D]</c> feature vectors.</param>
    /// <returns>A new accumulator holding them.</returns>
    public static FeatureStatistics FromFeatures(Tensor features)
    {
        FeatureChecks.Matrix(features, "features", 1);
        var statistics = new FeatureStatistics((int)features.shape[1]);
        statistics.Add(features);
        return statistics;
    }

    /// <summary>Adds a batch of feature vectors.</summary>
    /// <param name="features"><c>[N,D]</c> (any floating type and device; copied to the CPU as float64).</param>
    /// <exception cref="MetricInputException">The batch is not <c>[N, Dimension]</c> or holds NaN or infinite values.</exception>
    public void Add(Tensor features)
    {
        FeatureChecks.Matrix(features, "features", 1, Dimension);
        using var scope = NewDisposeScope();
        var x = features.detach().to(CPU).to(ScalarType.Float64);
        long nb = x.shape[0];
        var batchMean = x.mean([0]);
        var centred = x - batchMean;
        var batchSquares = centred.t().mm(centred);
        long na = Count;
        double n = na + nb;
        var delta = batchMean - _mean;
        var mean = _mean + delta * (nb / n);
        var squares = _centredSquares + batchSquares + outer(delta, delta) * (na * (double)nb / n);
        Replace(ref _mean, mean);
        Replace(ref _centredSquares, squares);
        Count += nb;
    }

    /// <summary>The mean of the vectors added so far.</summary>
    /// <returns>A new float64 tensor <c>[D]</c>; the caller owns it.</returns>
    public Tensor Mean()
    {
        RequireSamples(1);
        return _mean.clone();
    }

    /// <summary>The unbiased sample covariance (divided by N − 1) of the vectors added so far.</summary>
    /// <returns>A new float64 tensor <c>[D,D]</c>; the caller owns it.</returns>
    /// <exception cref="MetricInputException">Fewer than two vectors were added.</exception>
    public Tensor Covariance()
    {
        RequireSamples(2);
        return _centredSquares / (Count - 1);
    }

    /// <summary>Disposes the accumulated tensors.</summary>
    public void Dispose()
    {
        _mean.Dispose();
        _centredSquares.Dispose();
    }

    private void RequireSamples(long minimum)
    {
        if (Count < minimum)
            throw new MetricInputException($"Feature statistics need at least {minimum} vectors; only {Count} were added.");
    }

    private static void Replace(ref Tensor field, Tensor value)
    {
        var old = field;
        field = value.DetachFromDisposeScope();
        old.Dispose();
    }
}
