using GanKit.Features;
using GanKit.Tests.Features.Support;
using static TorchSharp.torch;

namespace GanKit.Tests.Features;

/// <summary>Behaviour of the ResNet18 feature network: taps, sizes, gradients, input checks and memory.</summary>
public sealed class ResNet18Tests(ResNet18Fixture fixture) : IClassFixture<ResNet18Fixture>
{
    private IFeatureNetwork Network => fixture.Network;

    [Fact]
    public void It_describes_itself()
    {
        Network.Name.Should().Be("resnet18");
        Network.Taps.Should().Equal(ResNet18Taps.Stem, ResNet18Taps.Stage1, ResNet18Taps.Stage2, ResNet18Taps.Stage3, ResNet18Taps.Stage4);
        Network.DefaultContentTaps.Should().Equal(ResNet18Taps.Stage2);
        Network.DefaultStyleTaps.Should().Equal(Network.Taps);
        Network.PooledFeatureSize.Should().Be(512);
        Network.Device.type.Should().Be(TorchSharp.DeviceType.CPU);
    }

    [Theory]
    [InlineData(224, 224, new long[] { 112, 56, 28, 14, 7 }, new long[] { 112, 56, 28, 14, 7 })]
    [InlineData(200, 176, new long[] { 100, 50, 25, 13, 7 }, new long[] { 88, 44, 22, 11, 6 })]
    [InlineData(33, 47, new long[] { 17, 9, 5, 3, 2 }, new long[] { 24, 12, 6, 3, 2 })]
    [InlineData(32, 32, new long[] { 16, 8, 4, 2, 1 }, new long[] { 16, 8, 4, 2, 1 })]
    public void Taps_have_the_expected_shapes_at_any_size(int height, int width, long[] heights, long[] widths)
    {
        using var scope = NewDisposeScope();
        var features = Network.Extract(rand(2, 3, height, width), Network.Taps);
        long[] channels = [64, 64, 128, 256, 512];
        for (var i = 0; i < 5; i++)
            features[Network.Taps[i]].shape.Should().Equal([2, channels[i], heights[i], widths[i]], Network.Taps[i]);
    }

    [Fact]
    public void Only_the_requested_taps_are_returned()
    {
        using var scope = NewDisposeScope();
        var features = Network.Extract(rand(1, 3, 64, 64), [ResNet18Taps.Stage1, ResNet18Taps.Stem, ResNet18Taps.Stage1]);
        features.Keys.Should().BeEquivalentTo(ResNet18Taps.Stem, ResNet18Taps.Stage1);
        Network.Extract(rand(1, 3, 64, 64), []).Should().BeEmpty();
    }

    [Fact]
    public void Pooled_features_are_the_stage4_channel_means_without_gradients()
    {
        using var scope = NewDisposeScope();
        var images = rand(3, 3, 96, 128).requires_grad_();
        var pooled = Network.ExtractPooled(images);
        pooled.shape.Should().Equal(3, 512);
        pooled.requires_grad.Should().BeFalse();
        var stage4 = Network.Extract(images, [ResNet18Taps.Stage4])[ResNet18Taps.Stage4];
        (pooled - stage4.mean([2L, 3L])).abs().max().item<float>().Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void Gradients_reach_the_input_and_the_weights_stay_frozen()
    {
        using var scope = NewDisposeScope();
        var module = ((ResNet18FeatureNetwork)Network).Module;
        module.parameters().Should().NotBeEmpty().And.OnlyContain(p => !p.requires_grad);
        module.training.Should().BeFalse();
        var before = module.parameters().Select(p => p.clone()).ToList();

        var images = rand(1, 3, 64, 64).requires_grad_();
        var features = Network.Extract(images, [ResNet18Taps.Stage2, ResNet18Taps.Stage4]);
        (features[ResNet18Taps.Stage2].pow(2).mean() + features[ResNet18Taps.Stage4].mean()).backward();

        images.grad.Should().NotBeNull();
        images.grad!.abs().sum().item<float>().Should().BeGreaterThan(0);
        module.parameters().All(p => p.grad is null).Should().BeTrue();
        module.parameters().Zip(before).All(pair => pair.First.allclose(pair.Second, 0, 0)).Should().BeTrue();
    }

    [Fact]
    public void Grayscale_images_are_treated_as_gray_rgb()
    {
        using var scope = NewDisposeScope();
        var gray = rand(1, 1, 48, 48);
        var fromGray = Network.Extract(gray, [ResNet18Taps.Stage1])[ResNet18Taps.Stage1];
        var fromRgb = Network.Extract(gray.expand(1, 3, 48, 48).contiguous(), [ResNet18Taps.Stage1])[ResNet18Taps.Stage1];
        (fromGray - fromRgb).abs().max().item<float>().Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void Bad_input_is_refused_with_a_clear_message()
    {
        using var scope = NewDisposeScope();
        Invoking(() => Network.Extract(rand(1, 3, 20, 64), Network.Taps)).Should().Throw<ArgumentException>().WithMessage("*at least 32×32*got 20×64*");
        Invoking(() => Network.Extract(rand(3, 64, 64), Network.Taps)).Should().Throw<ArgumentException>().WithMessage("*[N,3,H,W]*unsqueeze(0)*");
        Invoking(() => Network.Extract(rand(1, 4, 64, 64), Network.Taps)).Should().Throw<ArgumentException>().WithMessage("*4 channels*alpha*");
        Invoking(() => Network.Extract(rand([1, 3, 64, 64], dtype: ScalarType.Float64), Network.Taps)).Should().Throw<ArgumentException>().WithMessage("*float32*");
        Invoking(() => Network.Extract(rand(0, 3, 64, 64), Network.Taps)).Should().Throw<ArgumentException>().WithMessage("*empty batch*");
        Invoking(() => Network.ExtractPooled(rand(1, 3, 8, 8))).Should().Throw<ArgumentException>().WithMessage("*at least 32×32*");
    }

    [Fact]
    public void An_unknown_tap_is_refused_with_the_list_of_taps()
    {
        using var scope = NewDisposeScope();
        Invoking(() => Network.Extract(rand(1, 3, 64, 64), ["stage5", ResNet18Taps.Stem]))
            .Should().Throw<ArgumentException>().WithMessage("*'stage5'*stem, stage1, stage2, stage3, stage4*");
        Invoking(() => Network.Extract(rand(1, 3, 64, 64), ["ReLU253_Output_0"])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void One_network_serves_several_threads_at_once()
    {
        using var images = rand(4, 3, 48, 48);
        using var expected = Network.ExtractPooled(images);
        var results = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4).Select(i =>
        {
            using var scope = NewDisposeScope();
            var mine = images[i].unsqueeze(0);
            var features = Network.Extract(mine, [ResNet18Taps.Stage4])[ResNet18Taps.Stage4];
            return (features.mean([2L, 3L]) - expected[i].unsqueeze(0)).abs().max().item<float>();
        }).ToList();
        results.Should().OnlyContain(d => d < 1e-4f);
    }

    private static Action Invoking(Action action) => action;
}
