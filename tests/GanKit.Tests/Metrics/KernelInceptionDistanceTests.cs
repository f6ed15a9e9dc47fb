using GanKit.Metrics;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

[Collection(GanKit.Tests.TestSupport.GlobalTorchStateCollection.Name)]
public sealed class KernelInceptionDistanceTests
{
    private static double K(double[] x, double[] y) => Math.Pow(x.Zip(y).Sum(p => p.First * p.Second) / x.Length + 1, 3);

    [Fact]
    public void Constant_sets_give_the_kernel_distance_of_their_points()
    {
        // Every x is a and every y is b: MMD² = k(a,a) + k(b,b) − 2 k(a,b), whatever the subsets.
        double[] a = [1, 0, 2], b = [0, 1, -1];
        using var x = tensor(a).repeat(50, 1);
        using var y = tensor(b).repeat(40, 1);
        var kid = KernelInceptionDistance.Compute(x, y, subsets: 5, subsetSize: 10);
        kid.Mean.Should().BeApproximately(K(a, a) + K(b, b) - 2 * K(a, b), 1e-9);
        kid.StandardDeviation.Should().BeApproximately(0, 1e-9);
        kid.SubsetSize.Should().Be(10);
    }

    [Fact]
    public void Two_point_sets_match_the_unbiased_estimator_by_hand()
    {
        double[][] xs = [[0, 1], [1, 1]], ys = [[2, 0], [0, -1]];
        double xx = 2 * K(xs[0], xs[1]) / 2, yy = 2 * K(ys[0], ys[1]) / 2;
        double xy = xs.SelectMany(x => ys.Select(y => K(x, y))).Average();
        using var x = tensor(xs.SelectMany(v => v).ToArray(), [2, 2]);
        using var y = tensor(ys.SelectMany(v => v).ToArray(), [2, 2]);
        KernelInceptionDistance.Compute(x, y, subsets: 3, subsetSize: 2).Mean.Should().BeApproximately(xx + yy - 2 * xy, 1e-9);
    }

    [Fact]
    public void Samples_of_one_distribution_score_near_zero_and_a_shift_scores_higher()
    {
        manual_seed(4);
        using var a = randn(400, 8);
        using var b = randn(400, 8);
        using var shifted = randn(400, 8) + 1;
        var same = KernelInceptionDistance.Compute(a, b, subsets: 10, subsetSize: 200);
        var different = KernelInceptionDistance.Compute(a, shifted, subsets: 10, subsetSize: 200);
        Math.Abs(same.Mean).Should().BeLessThan(0.1);
        different.Mean.Should().BeGreaterThan(5 * Math.Abs(same.Mean));
        different.Mean.Should().BeGreaterThan(0.2);
        different.Mean.Should().BeGreaterThan(10 * different.StandardDeviation!.Value);
    }

    [Fact]
    public void The_result_depends_only_on_the_seed()
    {
        manual_seed(5);
        using var a = randn(300, 4);
        using var b = randn(300, 4) + 0.3;
        KernelInceptionDistance.Compute(a, b, 10, 100, seed: 7).Should().Be(KernelInceptionDistance.Compute(a, b, 10, 100, seed: 7));
    }

    [Fact]
    public void Too_few_vectors_are_rejected()
    {
        using var one = zeros(1, 3);
        using var many = zeros(10, 3);
        FluentActions.Invoking(() => KernelInceptionDistance.Compute(one, many)).Should().Throw<MetricInputException>();
    }
}
