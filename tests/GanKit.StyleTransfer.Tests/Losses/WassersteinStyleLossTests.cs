using GanKit.StyleTransfer.Losses;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Tests.Losses;

public sealed class WassersteinStyleLossTests
{
    [Fact]
    public void Feature_moments_are_the_channel_means_and_the_covariance_over_positions()
    {
        // Channel 0 = [1, 3], channel 1 = [2, 6]: means 2 and 4; centred [-1, 1] and [-2, 2] → covariance [[1, 2], [2, 4]].
        using var scope = NewDisposeScope();
        var (mean, covariance) = FeatureMoments.Compute(tensor(new float[] { 1, 3, 2, 6 }).view(1, 2, 1, 2));

        mean.data<float>().ToArray().Should().Equal(2f, 4f);
        covariance.data<float>().ToArray().Should().Equal(1f, 2f, 2f, 4f);
    }

    [Fact]
    public void Wasserstein2_matches_the_closed_form_for_diagonal_gaussians()
    {
        // N([1, 0], diag(4, 9)) vs N([3, 1], diag(1, 1)): |Δμ|² = 4 + 1; tr Σ + tr Σₜ = 13 + 2; (Σₜ^½ Σ Σₜ^½)^½ = diag(2, 3) → −2·5.
        using var scope = NewDisposeScope();
        var targetCovariance = eye(2);
        var w2 = FeatureMoments.Wasserstein2(tensor(new float[] { 1, 0 }), diag(tensor(new float[] { 4, 9 })),
            tensor(new float[] { 3, 1 }), targetCovariance, FeatureMoments.SquareRoot(targetCovariance));

        w2.item<float>().Should().BeApproximately(5 + 15 - 10, 1e-4f);
    }

    [Fact]
    public void Wasserstein2_of_a_rotated_full_covariance_uses_the_matrix_square_root()
    {
        // Σ = R·diag(4, 1)·Rᵀ with R a 45° rotation, Σₜ = I: W2² = tr Σ + 2 − 2·(√4 + √1) = 5 + 2 − 6 = 1, means equal.
        using var scope = NewDisposeScope();
        double c = Math.Sqrt(0.5);
        var r = tensor(new[] { c, -c, c, c }).view(2, 2).to(ScalarType.Float32);
        var sigma = matmul(matmul(r, diag(tensor(new float[] { 4, 1 }))), r.t());
        var zero = zeros(2);

        FeatureMoments.Wasserstein2(zero, sigma, zero, eye(2), eye(2)).item<float>().Should().BeApproximately(1f, 1e-4f);
        FeatureMoments.SquareRoot(sigma).Let(s => (matmul(s, s) - sigma).abs().max().item<float>()).Should().BeLessThan(1e-5f);
    }

    [Theory]
    [InlineData(8, 5)]    // more channels than positions: the small [N,N] matrix is decomposed
    [InlineData(3, 16)]   // more positions than channels: the [C,C] matrix
    public void Wasserstein2_from_features_equals_the_covariance_form_and_survives_rank_deficient_features(int channels, int positions)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5);
        var features = rand(1, channels, 1, positions, generator: generator);
        var target = rand(1, channels, 1, 2 * positions + channels, generator: generator) * 2;
        var (tMean, tCov) = FeatureMoments.Compute(target);
        var tSqrt = FeatureMoments.SquareRoot(tCov);
        var (mean, cov) = FeatureMoments.Compute(features);

        var fromFeatures = FeatureMoments.Wasserstein2FromFeatures(features, tMean, tCov, tSqrt).item<float>();
        var fromCovariance = FeatureMoments.Wasserstein2(mean, cov, tMean, tCov, tSqrt).item<float>();

        fromFeatures.Should().BeApproximately(fromCovariance, 1e-3f * Math.Max(1, Math.Abs(fromCovariance)));
        fromFeatures.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Mean_covariance_style_loss_is_zero_at_the_style_and_its_gradient_points_toward_it()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var style = rand(1, 4, 6, 6, generator: generator) * 2;
        var other = rand(1, 4, 6, 6, generator: generator);
        using var loss = StyleLoss.FromFeatures(new Dictionary<string, Tensor> { ["t"] = style }, statistic: StyleStatistic.MeanCovariance);

        loss.Statistic.Should().Be(StyleStatistic.MeanCovariance);
        loss.TargetGrams.Should().BeEmpty();
        loss.Compute(new Dictionary<string, Tensor> { ["t"] = style }).item<float>().Should().BeApproximately(0f, 2e-3f);

        var x = other.clone().requires_grad_(true);
        var before = loss.Compute(new Dictionary<string, Tensor> { ["t"] = x });
        before.backward();
        var stepped = (x - x.grad! * 0.05f).detach();
        var after = loss.Compute(new Dictionary<string, Tensor> { ["t"] = stepped });
        after.item<float>().Should().BeLessThan(before.item<float>(), "a small step against the gradient descends");
    }

    [Fact]
    public void Blended_mean_covariance_target_is_the_mixture_and_weight_zero_drops_a_style()
    {
        // One channel: style a = [0, 2] (μ 1, σ² 1), style b = [4, 4] (μ 4, σ² 0). Mixture ¾a + ¼b: μ = 1.75,
        // E[x²] = ¾·2 + ¼·16 = 5.5 → σ² = 5.5 − 3.0625 = 2.4375. Against features [0, 0]: W2² = 1.75² + 0 + 2.4375 − 0.
        using var scope = NewDisposeScope();
        var a = new Dictionary<string, Tensor> { ["t"] = tensor(new float[] { 0, 2 }).view(1, 1, 1, 2) };
        var b = new Dictionary<string, Tensor> { ["t"] = tensor(new float[] { 4, 4 }).view(1, 1, 1, 2) };
        using var blend = StyleLoss.FromBlend([(a, 3.0), (b, 1.0)], statistic: StyleStatistic.MeanCovariance);
        using var onlyA = StyleLoss.FromBlend([(a, 1.0), (b, 0.0)], statistic: StyleStatistic.MeanCovariance);
        using var single = StyleLoss.FromFeatures(a, statistic: StyleStatistic.MeanCovariance);
        var zerosFeatures = new Dictionary<string, Tensor> { ["t"] = zeros(1, 1, 1, 2) };

        blend.Compute(zerosFeatures).item<float>().Should().BeApproximately(1.75f * 1.75f + 2.4375f, 1e-3f);
        onlyA.Compute(zerosFeatures).item<float>().Should().Be(single.Compute(zerosFeatures).item<float>());
    }
}

internal static class FunctionalExtensions
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}
