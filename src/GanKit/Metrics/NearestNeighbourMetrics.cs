using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// k-nearest-neighbour manifold metrics. Each set's manifold is the union of balls around its vectors, each ball's radius the
/// distance to that vector's k-th nearest neighbour within the same set (itself excluded, duplicates of it included).
/// Precision is the share of generated vectors inside the real manifold, recall the share of real vectors inside the
/// generated manifold (Kynkäänniemi et al. 2019, k = 3). Density counts, for each generated vector, the real balls containing
/// it (summed, divided by k·M), and coverage is the share of real balls containing any generated vector (Naeem et al. 2020).
/// Whether a vector at exactly the radius is inside is set by <see cref="NeighbourBallConvention"/>; the default follows each
/// paper's reference code (≤ for precision/recall, &lt; for density/coverage).
/// Distances are Euclidean and every decision is the one the float64 distance √Σ(aᵢ − bᵢ)², computed directly, gives (see
/// <see cref="ExactNeighbourDistances"/>): the distance of a pair is the same bit pattern whichever set or chunk it is
/// computed in, a copy of a point is at distance exactly 0, and a tie between a radius and a cross-set distance is a real
/// tie, never rounding noise. For speed, distances are first bounded through the matrix-product expansion
/// ‖a‖² + ‖b‖² − 2a·b with a rigorous rounding-error bound, and only pairs too close to a radius to decide that way are
/// recomputed directly. Distances are computed in chunks of rows, so memory stays at chunk × N, never N × N.
/// </summary>
public static class NearestNeighbourMetrics
{
    /// <summary>The neighbourhood size of the paper.</summary>
    public const int DefaultK = 3;

    /// <summary>Computes precision, recall, density and coverage.</summary>
    /// <param name="real"><c>[N,D]</c> features of real samples; N &gt; k.</param>
    /// <param name="fake"><c>[M,D]</c> features of generated samples; M &gt; k.</param>
    /// <param name="k">The neighbourhood size (3 in the paper).</param>
    /// <param name="chunkSize">Rows per distance block.</param>
    /// <param name="convention">Whether a vector at exactly a ball's radius is inside it; the default follows each paper's reference code.</param>
    /// <returns>The four metrics.</returns>
    /// <exception cref="MetricInputException">A set has k or fewer vectors, the dimensions differ, or a value is not finite.</exception>
    public static ManifoldMetrics Compute(Tensor real, Tensor fake, int k = DefaultK, int chunkSize = 1024,
        NeighbourBallConvention convention = NeighbourBallConvention.ReferenceCode)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "The chunk size must be at least 1.");
        if (!Enum.IsDefined(convention)) throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown convention.");
        FeatureChecks.Matrix(real, "real features", k + 1);
        FeatureChecks.Matrix(fake, "generated features", k + 1);
        FeatureChecks.SameDimension(real, fake);
        TorchRuntime.EnsureLoaded();

        bool strictManifold = convention == NeighbourBallConvention.Strict;
        bool strictDensity = convention != NeighbourBallConvention.Inclusive;
        using var scope = NewDisposeScope();
        var x = real.detach().to(CPU).to(ScalarType.Float64).contiguous();
        var y = fake.detach().to(CPU).to(ScalarType.Float64).contiguous();
        var realSet = new ExactNeighbourDistances(x);
        var fakeSet = new ExactNeighbourDistances(y);
        var realRadii = realSet.KthNeighbourSquaredDistances(k, chunkSize);
        var fakeRadii = fakeSet.KthNeighbourSquaredDistances(k, chunkSize);

        long inRealManifold = 0, ballMemberships = 0;
        var realBallHit = zeros(x.shape[0], ScalarType.Bool);
        ForEachChunk(y, chunkSize, (chunk, _) =>
        {
            var (inside, insideStrictly) = realSet.InsideBalls(chunk, realRadii); // [c, N]: generated i inside real ball j
            inRealManifold += (strictManifold ? insideStrictly : inside).any(1).sum().item<long>();
            var forDensity = strictDensity ? insideStrictly : inside;
            ballMemberships += forDensity.sum().item<long>();
            realBallHit.logical_or_(forDensity.any(0));
        });

        long inFakeManifold = 0;
        ForEachChunk(x, chunkSize, (chunk, _) =>
        {
            var (inside, insideStrictly) = fakeSet.InsideBalls(chunk, fakeRadii);
            inFakeManifold += (strictManifold ? insideStrictly : inside).any(1).sum().item<long>();
        });

        double n = x.shape[0], m = y.shape[0];
        return new ManifoldMetrics(
            Precision: inRealManifold / m,
            Recall: inFakeManifold / n,
            Density: ballMemberships / (k * m),
            Coverage: realBallHit.sum().item<long>() / n,
            K: k);
    }

    /// <summary>Each row's distance to its k-th nearest other row <c>[N]</c> (float64).</summary>
    internal static Tensor KthNeighbourDistances(Tensor points, int k, int chunkSize)
    {
        using var scope = NewDisposeScope();
        var set = new ExactNeighbourDistances(points.to(ScalarType.Float64).contiguous());
        return set.KthNeighbourSquaredDistances(k, chunkSize).sqrt().MoveToOuterDisposeScope();
    }

    internal static void ForEachChunk(Tensor rows, int chunkSize, Action<Tensor, long> action)
    {
        for (long start = 0; start < rows.shape[0]; start += chunkSize)
        {
            using var scope = NewDisposeScope();
            action(rows.narrow(0, start, Math.Min(chunkSize, rows.shape[0] - start)), start);
        }
    }
}
