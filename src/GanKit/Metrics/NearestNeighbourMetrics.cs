using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// k-nearest-neighbour manifold metrics. Each set's manifold is the union of balls around its vectors, each ball's radius the
/// distance to that vector's k-th nearest neighbour within the same set (itself excluded). Precision is the share of generated
/// vectors inside the real manifold, recall the share of real vectors inside the generated manifold (Kynkäänniemi et al.
/// 2019, k = 3). Density counts, for each generated vector, the real balls containing it (summed, divided by k·M), and
/// coverage is the share of real balls containing any generated vector (Naeem et al. 2020). Distances are computed in
/// chunks of rows, so memory stays at chunk × N, never N × N.
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
    /// <returns>The four metrics.</returns>
    /// <exception cref="MetricInputException">A set has k or fewer vectors, the dimensions differ, or a value is not finite.</exception>
    public static ManifoldMetrics Compute(Tensor real, Tensor fake, int k = DefaultK, int chunkSize = 1024)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "The chunk size must be at least 1.");
        FeatureChecks.Matrix(real, "real features", k + 1);
        FeatureChecks.Matrix(fake, "generated features", k + 1);
        FeatureChecks.SameDimension(real, fake);
        TorchRuntime.EnsureLoaded();

        using var scope = NewDisposeScope();
        var x = real.detach().to(CPU).to(ScalarType.Float32);
        var y = fake.detach().to(CPU).to(ScalarType.Float32);
        var realRadii = KthNeighbourDistances(x, k, chunkSize);
        var fakeRadii = KthNeighbourDistances(y, k, chunkSize);

        long inRealManifold = 0, ballMemberships = 0;
        var realBallHit = zeros(x.shape[0], ScalarType.Bool);
        ForEachChunk(y, chunkSize, chunk =>
        {
            var inside = cdist(chunk, x).le(realRadii.unsqueeze(0)); // [c, N]: generated i inside real ball j
            inRealManifold += inside.any(1).sum().item<long>();
            ballMemberships += inside.sum().item<long>();
            realBallHit.logical_or_(inside.any(0));
        });

        long inFakeManifold = 0;
        ForEachChunk(x, chunkSize, chunk => inFakeManifold += cdist(chunk, y).le(fakeRadii.unsqueeze(0)).any(1).sum().item<long>());

        double n = x.shape[0], m = y.shape[0];
        return new ManifoldMetrics(
            Precision: inRealManifold / m,
            Recall: inFakeManifold / n,
            Density: ballMemberships / (k * m),
            Coverage: realBallHit.sum().item<long>() / n,
            K: k);
    }

    /// <summary>Each row's distance to its k-th nearest other row <c>[N]</c>.</summary>
    internal static Tensor KthNeighbourDistances(Tensor points, int k, int chunkSize)
    {
        using var scope = NewDisposeScope();
        var radii = new List<Tensor>();
        for (long start = 0; start < points.shape[0]; start += chunkSize)
        {
            using var chunkScope = NewDisposeScope();
            var chunk = points.narrow(0, start, Math.Min(chunkSize, points.shape[0] - start));
            // The smallest k + 1 distances include the row's distance to itself (0): the (k+1)-th smallest is the k-th neighbour.
            var (values, _) = cdist(chunk, points).topk(k + 1, dim: 1, largest: false, sorted: true);
            radii.Add(values.select(1, k).clone().MoveToOuterDisposeScope());
        }

        return cat(radii, 0).MoveToOuterDisposeScope();
    }

    private static void ForEachChunk(Tensor rows, int chunkSize, Action<Tensor> action)
    {
        for (long start = 0; start < rows.shape[0]; start += chunkSize)
        {
            using var scope = NewDisposeScope();
            action(rows.narrow(0, start, Math.Min(chunkSize, rows.shape[0] - start)));
        }
    }
}
