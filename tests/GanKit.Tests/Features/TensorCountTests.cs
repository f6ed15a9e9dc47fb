using GanKit.Features;
using GanKit.Tests.Features.Support;
using static TorchSharp.torch;

namespace GanKit.Tests.Features;

/// <summary>
/// Counts live tensors (a process-wide number), so it runs in a collection that is never run in parallel with other tests.
/// </summary>
[Collection(TensorCountCollection.Name)]
public sealed class TensorCountTests(ResNet18Fixture fixture) : IClassFixture<ResNet18Fixture>
{
    private IFeatureNetwork Network => fixture.Network;

    [Fact]
    public void Repeated_extraction_in_a_dispose_scope_leaks_no_tensors()
    {
        using var images = rand(2, 3, 64, 64);
        using var vgg = PretrainedFeatureNetworks.Vgg16Random(1);
        void Once()
        {
            using var scope = NewDisposeScope();
            _ = Network.Extract(images, Network.Taps);
            _ = Network.ExtractPooled(images);
            _ = vgg.Extract(images, vgg.DefaultStyleTaps);
            _ = vgg.ExtractPooled(images);
        }

        Once(); // warm-up
        var before = Tensor.TotalCount;
        for (var i = 0; i < 5; i++) Once();
        Tensor.TotalCount.Should().Be(before);
    }

    [Fact]
    public void The_caller_owns_the_returned_tensors()
    {
        using var images = rand(1, 3, 64, 64);
        var before = Tensor.TotalCount;
        var features = Network.Extract(images, [ResNet18Taps.Stem, ResNet18Taps.Stage3]);
        var pooled = Network.ExtractPooled(images);
        features[ResNet18Taps.Stage3].sum().Dispose(); // usable after the call
        foreach (var t in features.Values) t.Dispose();
        pooled.Dispose();
        Tensor.TotalCount.Should().Be(before);
    }
}

/// <summary>The collection of tests that must run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TensorCountCollection
{
    public const string Name = "Features: live tensor counts";
}
