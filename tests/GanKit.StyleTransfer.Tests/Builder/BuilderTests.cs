using GanKit.Configuration;
using GanKit.StyleTransfer.Tests.TestSupport;

namespace GanKit.StyleTransfer.Tests.Builder;

public sealed class BuilderTests
{
    [Fact]
    public void Build_lists_every_problem_at_once()
    {
        var builder = StyleTransferOptimizer.CreateBuilder()
            .WithFeatureNetwork(new TinyFeatureNetwork(), ownsNetwork: true)
            .WithWeights(content: -1, style: double.NaN)
            .WithOptimizer(ImageMinimizers.Adam(learningRate: 0, steps: 0))
            .WithScales(0, factor: 1)
            .WithMaxSize(4)
            .WithStyleScale(-2)
            .WithStyleTaps("conv1", "nope")
            .WithContentTaps("conv9");

        var ex = builder.Invoking(b => b.Build()).Should().Throw<GanKitConfigurationException>().Which;

        ex.Component.Should().Be("StyleTransferOptimizer");
        ex.Problems.Should().Contain(p => p.Contains("Content weight"))
            .And.Contain(p => p.Contains("Style weight"))
            .And.Contain(p => p.Contains("iterations"))
            .And.Contain(p => p.Contains("learning rate"))
            .And.Contain(p => p.Contains("Scales"))
            .And.Contain(p => p.Contains("Scale factor"))
            .And.Contain(p => p.Contains("Maximum size"))
            .And.Contain(p => p.Contains("Style scale"))
            .And.Contain(p => p.Contains("'nope'"))
            .And.Contain(p => p.Contains("'conv9'"));
        ex.Message.Should().Contain("problems");
    }

    [Fact]
    public void Defaults_use_the_network_taps_and_validated_options()
    {
        using var stylizer = StyleTransferOptimizer.CreateBuilder().WithFeatureNetwork(new TinyFeatureNetwork(), ownsNetwork: true).Build();

        stylizer.ContentTaps.Keys.Should().Equal("conv2");
        stylizer.StyleTaps.Keys.Should().BeEquivalentTo("conv1", "conv2", "conv3");
        var lbfgs = stylizer.Options.Optimizer.Should().BeOfType<LbfgsMinimizerSettings>().Which;
        lbfgs.HistorySize.Should().Be(50);
        lbfgs.Iterations.Should().Be(100);
        stylizer.Options.Scales.Should().Be(2);
        stylizer.Options.MinimumScaleSize.Should().Be(128);
        stylizer.Options.ScaleIterations.Should().Equal(100, 50);
        stylizer.Options.StyleStatistic.Should().Be(StyleStatistic.MeanCovariance);
        stylizer.Options.StyleColors.Should().Be(StyleColorMatch.Distribution);
        stylizer.Options.BorderPadding.Should().Be(32);
        stylizer.Options.ScaleFactor.Should().Be(2);
        stylizer.Options.MaxSize.Should().Be(512);
        stylizer.Options.StyleWeight.Should().Be(3);
        stylizer.Options.NormalizePerTap.Should().BeTrue();
    }

    [Fact]
    public void Custom_tap_weights_are_kept()
    {
        using var stylizer = StyleTransferOptimizer.CreateBuilder()
            .WithFeatureNetwork(new TinyFeatureNetwork(), ownsNetwork: true)
            .WithStyleTaps(new Dictionary<string, double> { ["conv1"] = 0.5, ["conv3"] = 2 })
            .Build();

        stylizer.StyleTaps.Should().BeEquivalentTo(new Dictionary<string, double> { ["conv1"] = 0.5, ["conv3"] = 2 });
    }

    [Fact]
    public void A_stylizer_disposes_only_a_network_it_owns()
    {
        var owned = new TinyFeatureNetwork();
        var shared = new TinyFeatureNetwork();
        StyleTransferOptimizer.CreateBuilder().WithFeatureNetwork(owned, ownsNetwork: true).Build().Dispose();
        StyleTransferOptimizer.CreateBuilder().WithFeatureNetwork(shared, ownsNetwork: false).Build().Dispose();

        owned.Weights[0].IsInvalid.Should().BeTrue();
        shared.Weights[0].IsInvalid.Should().BeFalse();
        shared.Dispose();
    }
}
