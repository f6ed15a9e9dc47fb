using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// The kernel inception distance of Bińkowski et al. (2018): the unbiased estimate of the squared maximum mean discrepancy
/// between two feature sets under the cubic polynomial kernel k(x, y) = (xᵀy / d + 1)³, averaged over random subsets of
/// equal size (drawn without replacement within a subset). Unlike the FID it has an unbiased estimator, so small sample
/// counts compare fairly; it is reported as mean ± standard deviation over the subsets.
/// </summary>
public static class KernelInceptionDistance
{
    /// <summary>The subset count used by the reference implementations.</summary>
    public const int DefaultSubsets = 100;

    /// <summary>The subset size used by the reference implementations (clamped to the smaller set).</summary>
    public const int DefaultSubsetSize = 1000;

    /// <summary>Computes the KID.</summary>
    /// <param name="real"><c>[N,D]</c> features of one set.</param>
    /// <param name="fake"><c>[M,D]</c> features of the other.</param>
    /// <param name="subsets">How many subsets to average (at least 1).</param>
    /// <param name="subsetSize">Vectors per subset from each set; clamped to min(N, M); at least 2 after clamping.</param>
    /// <param name="seed">The seed of the subset draws.</param>
    /// <returns>The mean and standard deviation of the per-subset MMD².</returns>
    /// <exception cref="MetricInputException">A set has fewer than 2 vectors, the dimensions differ, or a value is not finite.</exception>
    public static KernelDistanceResult Compute(Tensor real, Tensor fake, int subsets = DefaultSubsets, int subsetSize = DefaultSubsetSize, long seed = 0)
    {
        FeatureChecks.Matrix(real, "real features", 2);
        FeatureChecks.Matrix(fake, "generated features", 2);
        FeatureChecks.SameDimension(real, fake);
        if (subsets < 1) throw new ArgumentOutOfRangeException(nameof(subsets), subsets, "At least one subset is needed.");
        if (subsetSize < 2) throw new ArgumentOutOfRangeException(nameof(subsetSize), subsetSize, "A subset needs at least 2 vectors.");
        TorchRuntime.EnsureLoaded();

        using var scope = NewDisposeScope();
        var x = real.detach().to(CPU).to(ScalarType.Float64);
        var y = fake.detach().to(CPU).to(ScalarType.Float64);
        long m = Math.Min(subsetSize, Math.Min(x.shape[0], y.shape[0]));
        using var random = Seeding.CreateGenerator(seed, "kid");
        var estimates = new double[subsets];
        for (int s = 0; s < subsets; s++)
        {
            using var subsetScope = NewDisposeScope();
            var xs = x.index_select(0, randperm(x.shape[0], generator: random)[..(int)m]);
            var ys = y.index_select(0, randperm(y.shape[0], generator: random)[..(int)m]);
            estimates[s] = UnbiasedMmd2(xs, ys);
        }

        double mean = estimates.Average();
        double std = Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / subsets);
        return new KernelDistanceResult(mean, std, subsets, (int)m);
    }

    /// <summary>The unbiased MMD² of two equally sized sets under the cubic polynomial kernel.</summary>
    internal static double UnbiasedMmd2(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        long m = x.shape[0];
        double d = x.shape[1];
        var kxx = Kernel(x, x, d);
        var kyy = Kernel(y, y, d);
        var kxy = Kernel(x, y, d);
        double offDiagonal = m * (m - 1.0);
        double xx = (kxx.sum() - kxx.trace()).item<double>() / offDiagonal;
        double yy = (kyy.sum() - kyy.trace()).item<double>() / offDiagonal;
        double xy = kxy.mean().item<double>();
        return xx + yy - 2 * xy;
    }

    private static Tensor Kernel(Tensor a, Tensor b, double d) => (a.mm(b.t()) / d + 1).pow(3);
}
