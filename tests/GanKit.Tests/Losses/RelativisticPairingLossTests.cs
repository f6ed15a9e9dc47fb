using GanKit.Losses;
using static TorchSharp.torch;

namespace GanKit.Tests.Losses;

public sealed class RelativisticPairingLossTests
{
    private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    [Fact]
    public void Discriminator_loss_is_the_mean_softplus_of_the_negated_paired_differences()
    {
        using var real = tensor(new[] { 2f, 0f, -1f });
        using var fake = tensor(new[] { 0f, 0f, 1f });
        using var loss = GanLosses.RelativisticPairing.DiscriminatorLoss(real, fake);
        // differences D(x) − D(G(z)) = 2, 0, −2
        double expected = (Softplus(-2) + Softplus(0) + Softplus(2)) / 3;
        loss.item<float>().Should().BeApproximately((float)expected, 1e-6f);
    }

    [Fact]
    public void Generator_loss_mirrors_it_and_sends_no_gradient_into_the_real_outputs()
    {
        using var real = tensor(new[] { 2f, 0f }).requires_grad_(true);
        using var fake = tensor(new[] { 0f, 1f }).requires_grad_(true);
        using var loss = GanLosses.RelativisticPairing.GeneratorLoss(fake, real);
        // differences D(G(z)) − D(x) = −2, 1
        loss.item<float>().Should().BeApproximately((float)((Softplus(2) + Softplus(-1)) / 2), 1e-6f);
        loss.backward();
        real.grad.Should().BeNull("D(x) is a constant of G's loss");
        // d/df softplus(−(f − r)) / n = −σ(−(f − r)) / n
        var grad = fake.grad!.data<float>().ToArray();
        grad[0].Should().BeApproximately((float)(-1 / (1 + Math.Exp(-2)) / 2), 1e-6f);
        grad[1].Should().BeApproximately((float)(-1 / (1 + Math.Exp(1)) / 2), 1e-6f);
    }

    [Fact]
    public void It_asks_for_the_real_outputs_and_refuses_unpaired_batches()
    {
        var loss = GanLosses.FromName("rpgan");
        loss.Should().BeSameAs(GanLosses.RelativisticPairing);
        loss.NeedsRealOutputForGenerator.Should().BeTrue();
        GanLosses.NonSaturating.NeedsRealOutputForGenerator.Should().BeFalse();
        using var three = zeros(3);
        using var two = zeros(2);
        FluentActions.Invoking(() => loss.DiscriminatorLoss(three, two)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => loss.GeneratorLoss(two, null)).Should().Throw<ArgumentNullException>();
    }
}
