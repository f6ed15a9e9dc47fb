using GanKit.Features;
using GanKit.StyleTransfer.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Tests;

/// <summary>The only tests with the real (default) network, at 64 px so they stay fast.</summary>
public sealed class ResNet18StyleTransferTests
{
    [Fact]
    public void The_default_network_is_resnet18_and_its_loss_falls_deterministically()
    {
        using var content = TestImages.Content(64);
        using var style = TestImages.Stripes(64, period: 10);
        StyleTransferResult Run()
        {
            using var stylizer = StyleTransferOptimizer.CreateBuilder().WithOptimizer(ImageMinimizers.Lbfgs(iterations: 8)).WithScales(1).Build();
            stylizer.FeatureNetwork.Name.Should().Be("resnet18");
            return stylizer.Stylize(content, [(style, 1.0)]);
        }

        using var first = Run();
        using var second = Run();

        // The network is fixed and the image starts at the content, so there is no seed: last / first was 0.8697–0.8702
        // under torch threads 1/2 × ATen kernels avx2/default (and MKL/oneDNN compatibility kernels). A bound of 0.9 left
        // only 0.03 for other CPUs; 0.95 leaves 0.08 and still asserts a clear descent.
        first.History[^1].Losses.Total.Should().BeLessThan(first.History[0].Losses.Total * 0.95, "ResNet18 is slower to move than the tiny network, but every iteration descends");
        first.History.Zip(first.History.Skip(1)).Should().OnlyContain(p => p.Second.Losses.Total <= p.First.Losses.Total);
        first.Image.shape.Should().Equal(3, 64, 64);
        first.Image.eq(second.Image).all().item<bool>().Should().BeTrue("CPU runs with the same inputs and seed are identical");
    }

    [Fact]
    public void A_shared_resnet18_survives_the_stylizer_and_keeps_its_weights_frozen()
    {
        using var network = PretrainedFeatureNetworks.ResNet18();
        using var content = TestImages.Content(64);
        using var style = TestImages.Checks(64, cell: 8);
        using (var stylizer = StyleTransferOptimizer.CreateBuilder().WithFeatureNetwork(network, ownsNetwork: false)
                   .WithOptimizer(ImageMinimizers.Adam(learningRate: 0.02, steps: 5)).WithScales(1).Build())
        {
            using var result = stylizer.Stylize(content, [(style, 1.0)]);
            (result.Image - content).abs().max().item<float>().Should().BeGreaterThan(0.01f);
        }

        using var features = network.Extract(content.unsqueeze(0), [network.DefaultContentTaps[0]]).Values.Single();
        features.requires_grad.Should().BeFalse("the network's weights never joined the graph");
    }
}
