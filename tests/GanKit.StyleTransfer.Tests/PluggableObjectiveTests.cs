using GanKit.Configuration;
using GanKit.StyleTransfer.Optimization;
using GanKit.StyleTransfer.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Tests;

/// <summary>The objective and the optimizer are open: a loss term and a minimizer of the user's own.</summary>
public sealed class PluggableObjectiveTests
{
    [Fact]
    public void A_user_loss_term_joins_the_objective_sees_its_taps_and_is_reported_as_other()
    {
        using var content = TestImages.Content(32);
        using var style = TestImages.Stripes(32);
        int calls = 0;
        // Pulls the image's mean brightness toward 0.2: a term the other losses do not have.
        var darken = new StyleLossTerm("darken", 50, ["conv1"], input =>
        {
            calls++;
            input.Features.Should().ContainKey("conv1");
            input.Content.shape.Should().Equal(input.Image.shape);
            return (input.Image.mean() - 0.2).square();
        });
        // Without the final colour transfer, which would give both results the style's palette.
        using var plain = Stylizers.Tiny().WithOptimizer(ImageMinimizers.Lbfgs(iterations: 6)).MatchStyleColors(StyleColorMatch.None).Build();
        using var withTerm = Stylizers.Tiny().WithOptimizer(ImageMinimizers.Lbfgs(iterations: 6)).MatchStyleColors(StyleColorMatch.None).AddLossTerm(darken).Build();

        using var a = plain.Stylize(content, [(style, 1.0)]);
        using var b = withTerm.Stylize(content, [(style, 1.0)]);

        calls.Should().BeGreaterThan(6);
        a.History.Should().OnlyContain(h => h.Losses.Other == 0);
        b.History[0].Losses.Other.Should().BeGreaterThan(0);
        b.History[^1].Losses.Total.Should().BeApproximately(b.History[^1].Losses.Content + b.History[^1].Losses.Style +
                                                             b.History[^1].Losses.TotalVariation + b.History[^1].Losses.Other, 1e-9);
        b.Image.mean().item<float>().Should().BeLessThan(a.Image.mean().item<float>() - 0.02f);
    }

    [Fact]
    public void A_user_minimizer_is_created_per_scale_with_that_scales_iterations()
    {
        using var content = TestImages.Content(64);
        using var style = TestImages.Stripes(64);
        var created = new List<int>();
        var optimizer = ImageMinimizers.Custom("gradient descent", 5, iterations =>
        {
            created.Add(iterations);
            return new GradientDescent(iterations, 0.05);
        });
        using var stylizer = Stylizers.Tiny().WithOptimizer(optimizer).WithScales(2).WithScaleSchedule(0, [4, 3]).Build();

        using var result = stylizer.Stylize(content, [(style, 1.0)]);

        created.Should().Equal(4, 3);
        result.Scales.Select(s => s.Iterations).Should().Equal(4, 3);
        result.History[^1].Losses.Total.Should().BeLessThan(result.History.First(h => h.Scale == 2).Losses.Total);
    }

    [Fact]
    public void New_options_are_validated_with_the_rest()
    {
        var builder = Stylizers.Tiny()
            .WithScaleSchedule(-1, [0])
            .WithBorderPadding(-3)
            .AddLossTerm(new StyleLossTerm("", double.NaN, [], _ => zeros(1)));

        var ex = builder.Invoking(b => b.Build()).Should().Throw<GanKitConfigurationException>().Which;

        ex.Problems.Should().Contain(p => p.Contains("Minimum scale size"))
            .And.Contain(p => p.Contains("scale iterations"))
            .And.Contain(p => p.Contains("Border padding"))
            .And.Contain(p => p.Contains("needs a name"));
    }

    [Fact]
    public void Setting_an_optimizer_clears_the_presets_per_scale_iterations()
    {
        using var stylizer = Stylizers.Tiny().WithScaleSchedule(0, [9, 9]).WithOptimizer(ImageMinimizers.Lbfgs(iterations: 3)).Build();

        stylizer.Options.ScaleIterations.Should().BeNull("the optimizer's own count then applies at every scale");
    }

    /// <summary>Plain projected gradient descent: the simplest minimizer a user might plug in.</summary>
    private sealed class GradientDescent(int iterations, double step) : IImageMinimizer
    {
        public MinimizerOutcome Minimize(Tensor start, Objective objective, IterationCallback onIteration, CancellationToken cancellationToken)
        {
            var x = start.detach().clone().DetachFromDisposeScope();
            int evaluations = 0;
            for (int i = 0; i <= iterations; i++)
            {
                using var scope = NewDisposeScope();
                var evaluation = objective(x);
                evaluations++;
                onIteration(i, evaluation.Losses, evaluations);
                if (i == iterations) break;
                var next = (x - evaluation.Gradient.sign() * step / (i + 1)).clamp(0, 1).DetachFromDisposeScope();
                x.Dispose();
                x = next;
            }

            return new MinimizerOutcome(x, iterations, evaluations, false, false);
        }
    }
}
