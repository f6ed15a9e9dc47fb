using GanKit.Features;
using GanKit.Metrics;
using GanKit.Models;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Models;

/// <summary>The same bad tensor shape is the same kind of caller mistake in every part of GanKit.</summary>
public sealed class ShapeErrorContractTests
{
    [Fact]
    public void A_batch_without_its_batch_dimension_is_an_ArgumentException_in_models_feature_networks_and_metrics()
    {
        using var single = rand(3, 32, 32); // one image, missing [N, ...]
        using var g = Generator.CreateBuilder().ForImages(3, 32, 32).WithLatentSize(4).UseDcgan(4).WithSeed(1).Build();
        using var d = Discriminator.CreateBuilder().ForImages(3, 32, 32).UseDcgan(4).WithSeed(2).Build();
        using var features = PretrainedFeatureNetworks.Vgg16Random(1);

        FluentActions.Invoking(() => g.Forward(single)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => d.Forward(single)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => features.Extract(single, features.DefaultStyleTaps)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => FrechetDistance.Compute(single, single)).Should().Throw<ArgumentException>();
        typeof(MetricInputException).Should().BeAssignableTo<ArgumentException>();
        typeof(FeatureNetworkException).Should().NotBeAssignableTo<ArgumentException>("it stays for bad weight files");
    }
}
