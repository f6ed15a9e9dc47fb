using GanKit.Losses;
using static TorchSharp.torch;

namespace GanKit.Tests.Losses;

public sealed class GanLossTests
{
    private static readonly float[] Real = [2f, -1f];
    private static readonly float[] Fake = [0.5f, -3f];

    private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    private static double D(IGanLoss loss, double realTarget = 1.0)
    {
        using var r = tensor(Real);
        using var f = tensor(Fake);
        using var l = loss.DiscriminatorLoss(r, f, realTarget);
        return l.item<float>();
    }

    private static double G(IGanLoss loss)
    {
        using var f = tensor(Fake);
        using var l = loss.GeneratorLoss(f);
        return l.item<float>();
    }

    [Fact]
    public void Cross_entropy_losses_match_hand_computation()
    {
        // BCE(x, 1) = softplus(−x); BCE(x, 0) = softplus(x).
        double d = (Softplus(-2) + Softplus(1)) / 2 + (Softplus(0.5) + Softplus(-3)) / 2;
        D(GanLosses.NonSaturating).Should().BeApproximately(d, 1e-5);
        D(GanLosses.Minimax).Should().BeApproximately(d, 1e-5);
        G(GanLosses.NonSaturating).Should().BeApproximately((Softplus(-0.5) + Softplus(3)) / 2, 1e-5);
        G(GanLosses.Minimax).Should().BeApproximately(-(Softplus(0.5) + Softplus(-3)) / 2, 1e-5);

        // With one-sided smoothing the real target is 0.9: BCE = −0.9 log σ(x) − 0.1 log(1 − σ(x)).
        double smoothReal = (0.9 * Softplus(-2) + 0.1 * Softplus(2) + 0.9 * Softplus(1) + 0.1 * Softplus(-1)) / 2;
        D(GanLosses.NonSaturating, 0.9).Should().BeApproximately(smoothReal + (Softplus(0.5) + Softplus(-3)) / 2, 1e-5);
    }

    [Fact]
    public void Hinge_matches_hand_computation()
    {
        // relu(1 − [2, −1]) = [0, 2] → 1; relu(1 + [0.5, −3]) = [1.5, 0] → 0.75.
        D(GanLosses.Hinge).Should().BeApproximately(1.75, 1e-6);
        G(GanLosses.Hinge).Should().BeApproximately(1.25, 1e-6);
    }

    [Fact]
    public void Least_squares_matches_hand_computation()
    {
        // ½·mean((x−1)²) = ½·(1 + 4)/2; ½·mean(f²) = ½·(0.25 + 9)/2.
        D(GanLosses.LeastSquares).Should().BeApproximately(0.5 * 2.5 + 0.5 * 4.625, 1e-6);
        G(GanLosses.LeastSquares).Should().BeApproximately(0.5 * (0.25 + 16) / 2, 1e-6);
    }

    [Fact]
    public void Wasserstein_matches_hand_computation_and_requires_the_gradient_penalty()
    {
        var loss = GanLosses.WassersteinGp(5);
        D(loss).Should().BeApproximately(-1.25 - 0.5, 1e-6);
        G(loss).Should().BeApproximately(1.25, 1e-6);
        loss.RequiredRegularizers.Should().ContainSingle().Which.Should().BeOfType<GanKit.Regularizers.GradientPenalty>()
            .Which.Lambda.Should().Be(5);
    }

    [Theory]
    [InlineData("ns", "ns")]
    [InlineData("minimax", "minimax")]
    [InlineData("hinge", "hinge")]
    [InlineData("lsgan", "lsgan")]
    [InlineData("wgan-gp", "wgan-gp")]
    public void Losses_are_found_by_name(string name, string expected) => GanLosses.FromName(name).Name.Should().Be(expected);

    [Fact]
    public void Unknown_loss_names_are_refused() =>
        FluentActions.Invoking(() => GanLosses.FromName("bce")).Should().Throw<ArgumentException>().WithMessage("*minimax, ns, hinge, lsgan, rpgan or wgan-gp*");
}
