using GanKit.Metrics;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

/// <summary>The fast k-NN decisions equal a brute-force direct float64 computation, ties and duplicates included.</summary>
[Collection(GanKit.Tests.TestSupport.GlobalTorchStateCollection.Name)]
public sealed class ExactNeighbourDistancesTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(3L)]
    public void Quantized_features_with_copies_and_many_duplicates_match_brute_force(long seed)
    {
        manual_seed(seed);
        // Values on a coarse grid (many equal distances), 30 copies of one point (more than the radius search's candidates,
        // so its rows need the full fallback), and generated rows that copy real rows exactly.
        var real = randint(0, 4, [240, 6]).to(ScalarType.Float64) * 0.5;
        real[..30] = real[0].clone();
        var fake = randint(0, 4, [200, 6]).to(ScalarType.Float64) * 0.5 + randn(200, 6, ScalarType.Float64) * 1e-9;
        fake[..100] = real[50..150].clone();
        fake[100..110] = real[0].clone();

        foreach (var convention in Enum.GetValues<NeighbourBallConvention>())
        {
            var expected = BruteForce(real, fake, 3, convention);
            NearestNeighbourMetrics.Compute(real, fake, chunkSize: 64, convention: convention).Should().BeEquivalentTo(expected, convention.ToString());
        }
    }

    [Fact]
    public void Radii_equal_the_directly_computed_kth_neighbour_distances()
    {
        manual_seed(9);
        using var points = randn(300, 20, ScalarType.Float64) * 30 + 100; // a large mean: the expansion loses most digits here
        var radii = NearestNeighbourMetrics.KthNeighbourDistances(points, 3, 50);
        var all = Direct(points, points);
        radii.equal(all.sort(1).Values.select(1, 3).sqrt()).all().item<bool>().Should().BeTrue();
    }

    private static Tensor Direct(Tensor a, Tensor b)
    {
        long n = a.shape[0], m = b.shape[0];
        var left = a.unsqueeze(1).expand(n, m, -1).reshape(n * m, -1);
        var right = b.unsqueeze(0).expand(n, m, -1).reshape(n * m, -1);
        return ExactNeighbourDistances.DirectSquared(left, right).view(n, m);
    }

    private static ManifoldMetrics BruteForce(Tensor real, Tensor fake, int k, NeighbourBallConvention convention)
    {
        var realRadii = Direct(real, real).sort(1).Values.select(1, k).sqrt();
        var fakeRadii = Direct(fake, fake).sort(1).Values.select(1, k).sqrt();
        var fakeToReal = Direct(fake, real).sqrt(); // [M, N]
        Tensor Inside(Tensor d, Tensor r, bool strict) => strict ? d.lt(r) : d.le(r);
        bool strictManifold = convention == NeighbourBallConvention.Strict, strictDensity = convention != NeighbourBallConvention.Inclusive;
        double n = real.shape[0], m = fake.shape[0];
        var density = Inside(fakeToReal, realRadii.unsqueeze(0), strictDensity);
        return new ManifoldMetrics(
            Inside(fakeToReal, realRadii.unsqueeze(0), strictManifold).any(1).sum().item<long>() / m,
            Inside(fakeToReal.t(), fakeRadii.unsqueeze(0), strictManifold).any(1).sum().item<long>() / n,
            density.sum().item<long>() / (k * m),
            density.any(0).sum().item<long>() / n,
            k);
    }
}
