using GanKit.StyleTransfer.Optimization;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Tests.Optimization;

public sealed class MinimizerTests
{
    // f(x) = Σ aᵢ (xᵢ − cᵢ)² + Σ (xᵢ − cᵢ)⁴: smooth, badly scaled, minimum at c.
    private static Objective Quartic(Tensor a, Tensor c, Action? onEvaluate = null) => x =>
    {
        onEvaluate?.Invoke();
        using var scope = NewDisposeScope();
        var d = x - c;
        var value = (a * d.square()).sum() + d.pow(4).sum();
        var gradient = a * d * 2 + d.pow(3) * 4;
        return new Evaluation(new StyleLosses(0, value.item<float>(), 0), gradient.MoveToOuterDisposeScope());
    };

    [Fact]
    public void Cubic_interpolation_finds_the_minimum_of_a_cubic()
    {
        // f(t) = (t − 1)² has f(0) = 1, f'(0) = −2, f(3) = 4, f'(3) = 4: the fitted cubic is the parabola, minimum 1.
        CubicInterpolation.Minimize(0, 1, -2, 3, 4, 4).Should().BeApproximately(1, 1e-9);
    }

    [Fact]
    public void Lbfgs_reaches_the_minimum_of_a_badly_scaled_objective_and_counts_evaluations()
    {
        using var a = tensor(new float[] { 1, 10, 100, 1000 }).view(1, 1, 2, 2);
        using var c = tensor(new float[] { 0.2f, 0.4f, 0.6f, 0.8f }).view(1, 1, 2, 2);
        using var start = full(new long[] { 1, 1, 2, 2 }, 0.5f);
        int calls = 0;

        var outcome = new LbfgsMinimizer(50, 10, 25).Minimize(start, Quartic(a, c, () => calls++), (_, _, _) => { }, CancellationToken.None);
        using var image = outcome.Image;

        (image - c).abs().max().item<float>().Should().BeLessThan(1e-3f);
        outcome.FunctionEvaluations.Should().Be(calls);
    }

    [Fact]
    public void Lbfgs_runs_every_requested_iteration_while_the_objective_still_decreases()
    {
        using var a = (rand(1, 3, 16, 16, generator: new Generator(3)) * 100 + 1).DetachFromDisposeScope();
        using var c = (rand(1, 3, 16, 16, generator: new Generator(4)) * 0.8 + 0.1).DetachFromDisposeScope();
        using var start = zeros(1, 3, 16, 16);
        var seen = new List<int>();

        var outcome = new LbfgsMinimizer(5, 50, 25).Minimize(start, Quartic(a, c), (i, _, _) => seen.Add(i), CancellationToken.None);
        outcome.Image.Dispose();

        outcome.Iterations.Should().Be(5);
        seen.Should().Equal(0, 1, 2, 3, 4, 5);
        outcome.Converged.Should().BeFalse();
    }

    [Fact]
    public void Minimizers_keep_pixels_in_range_when_the_optimum_lies_outside()
    {
        using var a = ones(1, 1, 4, 4);
        using var c = full(new long[] { 1, 1, 4, 4 }, 1.5f);
        using var start = full(new long[] { 1, 1, 4, 4 }, 0.5f);

        foreach (IImageMinimizer minimizer in new IImageMinimizer[] { new LbfgsMinimizer(20, 10, 25), new AdamMinimizer(100, 0.05, 0.9, 0.999, 1e-8) })
        {
            var outcome = minimizer.Minimize(start, Quartic(a, c), (_, _, _) => { }, CancellationToken.None);
            using var image = outcome.Image;
            image.max().item<float>().Should().BeLessThanOrEqualTo(1f);
            image.min().item<float>().Should().BeGreaterThan(0.99f, $"{minimizer.GetType().Name} should push to the bound");
        }
    }

    [Fact]
    public void Adam_decreases_the_objective()
    {
        using var a = ones(1, 1, 4, 4);
        using var c = full(new long[] { 1, 1, 4, 4 }, 0.7f);
        using var start = zeros(1, 1, 4, 4);
        var losses = new List<double>();

        var outcome = new AdamMinimizer(60, 0.05, 0.9, 0.999, 1e-8).Minimize(start, Quartic(a, c), (_, l, _) => losses.Add(l.Total), CancellationToken.None);
        using var image = outcome.Image;

        outcome.FunctionEvaluations.Should().Be(61, "one evaluation at the start and one after each step");
        (image - c).abs().max().item<float>().Should().BeLessThan(0.05f);
        losses[^1].Should().BeLessThan(losses[0] / 100);
    }

    [Fact]
    public void A_cancelled_minimizer_returns_its_best_image()
    {
        using var a = ones(1, 1, 4, 4);
        using var c = full(new long[] { 1, 1, 4, 4 }, 0.7f);
        using var start = zeros(1, 1, 4, 4);
        using var cts = new CancellationTokenSource();

        var outcome = new LbfgsMinimizer(1000, 10, 25).Minimize(start, Quartic(a, c), (i, _, _) => { if (i == 2) cts.Cancel(); }, cts.Token);
        using var image = outcome.Image;

        outcome.Cancelled.Should().BeTrue();
        outcome.Iterations.Should().Be(2);
        (image - c).abs().max().item<float>().Should().BeLessThan(0.7f, "the best image so far has moved toward the optimum");
    }
}
