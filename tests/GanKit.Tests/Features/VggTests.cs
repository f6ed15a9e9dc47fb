using GanKit.Features;
using GanKit.Tests.TestSupport;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GanKit.Tests.Features;

/// <summary>VGG16/VGG19 from torchvision-named weights files, and the random-weights variants.</summary>
public sealed class VggTests
{
    [Theory]
    [InlineData("pytorch")]
    [InlineData("safetensors")]
    public void Weights_saved_with_torchvision_names_load_back_exactly(string format)
    {
        using var temp = new TempDirectory();
        using var scope = NewDisposeScope();
        using var original = PretrainedFeatureNetworks.Vgg19Random(seed: 7);
        var path = temp.File(format == "pytorch" ? "vgg19.pth" : "vgg19.safetensors");
        SaveLikeTorchvision(original, path, format);

        using var loaded = PretrainedFeatureNetworks.Vgg19(path);
        var images = rand(1, 3, 48, 40);
        var expected = original.Extract(images, original.Taps);
        var actual = loaded.Extract(images, loaded.Taps);
        foreach (var tap in original.Taps) actual[tap].allclose(expected[tap], 0, 0).Should().BeTrue(tap);
    }

    [Fact]
    public void Vgg16_and_vgg19_have_the_classic_taps_and_shapes()
    {
        using var scope = NewDisposeScope();
        using var vgg19 = PretrainedFeatureNetworks.Vgg19Random(1);
        using var vgg16 = PretrainedFeatureNetworks.Vgg16Random(1);
        vgg19.Taps.Should().Equal("relu1_1", "relu1_2", "relu2_1", "relu2_2", "relu3_1", "relu3_2", "relu3_3", "relu3_4",
            "relu4_1", "relu4_2", "relu4_3", "relu4_4", "relu5_1", "relu5_2", "relu5_3", "relu5_4");
        vgg16.Taps.Should().Equal("relu1_1", "relu1_2", "relu2_1", "relu2_2", "relu3_1", "relu3_2", "relu3_3",
            "relu4_1", "relu4_2", "relu4_3", "relu5_1", "relu5_2", "relu5_3");
        vgg19.DefaultContentTaps.Should().Equal("relu4_2");
        vgg19.DefaultStyleTaps.Should().Equal("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");
        vgg19.PooledFeatureSize.Should().Be(512);

        var features = vgg19.Extract(rand(2, 3, 64, 96), vgg19.DefaultStyleTaps);
        features["relu1_1"].shape.Should().Equal(2, 64, 64, 96);
        features["relu2_1"].shape.Should().Equal(2, 128, 32, 48);
        features["relu3_1"].shape.Should().Equal(2, 256, 16, 24);
        features["relu4_1"].shape.Should().Equal(2, 512, 8, 12);
        features["relu5_1"].shape.Should().Equal(2, 512, 4, 6);
        vgg16.ExtractPooled(rand(2, 3, 64, 96)).shape.Should().Equal(2, 512);
    }

    [Fact]
    public void Random_weights_depend_only_on_the_seed()
    {
        using var scope = NewDisposeScope();
        using var a = PretrainedFeatureNetworks.Vgg16Random(3);
        using var b = PretrainedFeatureNetworks.Vgg16Random(3);
        using var c = PretrainedFeatureNetworks.Vgg16Random(4);
        var images = rand(1, 3, 32, 32);
        a.ExtractPooled(images).allclose(b.ExtractPooled(images), 0, 0).Should().BeTrue();
        a.ExtractPooled(images).allclose(c.ExtractPooled(images), 0, 0).Should().BeFalse();
    }

    [Fact]
    public void Pooling_and_preprocessing_options_change_the_features()
    {
        using var scope = NewDisposeScope();
        using var max = PretrainedFeatureNetworks.Vgg16Random(5);
        using var average = PretrainedFeatureNetworks.Vgg16Random(5, new VggOptions { Pooling = VggPooling.Average });
        using var caffe = PretrainedFeatureNetworks.Vgg16Random(5, new VggOptions { Preprocessing = VggPreprocessing.Caffe });
        var images = rand(1, 3, 32, 32);
        Tensor At(IFeatureNetwork n, string tap) => n.Extract(images, [tap])[tap];

        At(average, "relu1_2").allclose(At(max, "relu1_2"), 0, 0).Should().BeTrue("pooling comes after block 1");
        At(average, "relu2_1").allclose(At(max, "relu2_1"), 0, 0).Should().BeFalse();
        At(caffe, "relu1_1").allclose(At(max, "relu1_1"), 0, 0).Should().BeFalse();

        // Caffe preprocessing: BGR, 0-255, minus the mean; check it through the first convolution.
        var conv = ((VggFeatureNetwork)caffe).Module.Convolutions.First().Conv;
        var expected = nn.functional.relu(conv.call((images * 255f).flip(1) - tensor(new[] { 103.939f, 116.779f, 123.68f }).view(1, 3, 1, 1)));
        (At(caffe, "relu1_1") - expected).abs().max().item<float>().Should().BeLessThan(1e-3f);
    }

    [Fact]
    public void Gradients_reach_the_input_and_the_weights_are_frozen()
    {
        using var scope = NewDisposeScope();
        using var vgg = PretrainedFeatureNetworks.Vgg19Random(2);
        var module = ((VggFeatureNetwork)vgg).Module;
        module.parameters().Should().OnlyContain(p => !p.requires_grad);
        var images = rand(1, 3, 32, 32).requires_grad_();
        vgg.Extract(images, ["relu3_1"])["relu3_1"].mean().backward();
        images.grad!.abs().sum().item<float>().Should().BeGreaterThan(0);
    }

    [Fact]
    public void Wrong_files_give_clear_errors()
    {
        using var temp = new TempDirectory();
        using var vgg16 = PretrainedFeatureNetworks.Vgg16Random(1);
        var vgg16Path = temp.File("vgg16.safetensors");
        SaveLikeTorchvision(vgg16, vgg16Path, "safetensors");
        File.WriteAllText(temp.File("notes.txt"), "not weights");
        PyTorchPickler.PickleStateDict(temp.File("other.pth"), new Dictionary<string, Tensor> { ["encoder.weight"] = zeros(2, 2) });

        FluentActions.Invoking(() => PretrainedFeatureNetworks.Vgg19(vgg16Path)).Should().Throw<FeatureNetworkException>()
            .WithMessage("*does not match vgg19*'features.16.weight' is missing*looks like VGG16 weights*Vgg16*");
        FluentActions.Invoking(() => PretrainedFeatureNetworks.Vgg19(temp.File("missing.pth"))).Should().Throw<FeatureNetworkException>().WithMessage("*does not exist*");
        FluentActions.Invoking(() => PretrainedFeatureNetworks.Vgg19(temp.File("notes.txt"))).Should().Throw<FeatureNetworkException>().WithMessage("*neither a PyTorch state dict*");
        FluentActions.Invoking(() => PretrainedFeatureNetworks.Vgg19(temp.File("other.pth"))).Should().Throw<FeatureNetworkException>().WithMessage("*no 'features.0.weight'*encoder.weight*");
    }

    [Fact]
    public void Images_smaller_than_16_pixels_are_refused()
    {
        using var vgg = PretrainedFeatureNetworks.Vgg16Random(1);
        using var images = rand(1, 3, 15, 64);
        FluentActions.Invoking(() => vgg.ExtractPooled(images)).Should().Throw<FeatureNetworkException>().WithMessage("*at least 16×16*");
    }

    /// <summary>Writes the network's weights as torchvision would: <c>features.N.*</c> plus a classifier that loading ignores.</summary>
    private static void SaveLikeTorchvision(IFeatureNetwork network, string path, string format)
    {
        using var scope = NewDisposeScope();
        var state = ((VggFeatureNetwork)network).Module.state_dict();
        state.Keys.Should().Contain("features.0.weight");
        state["classifier.0.weight"] = randn(8, 4);
        if (format == "pytorch") PyTorchPickler.PickleStateDict(path, state);
        else Safetensors.SaveStateDict(path, state);
    }
}
