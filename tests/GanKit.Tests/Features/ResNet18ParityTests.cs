using GanKit.Features;
using GanKit.Tests.Features.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GanKit.Tests.Features;

/// <summary>The converted ResNet18 against ONNX Runtime running the original ONNX file.</summary>
public sealed class ResNet18ParityTests(ResNet18Fixture fixture, ITestOutputHelper output) : IClassFixture<ResNet18Fixture>
{
    [Theory]
    [InlineData(224, 224)]
    [InlineData(256, 320)] // at multiples of 32 the ONNX file's fixed pads equal the recomputed "same" pads, so ORT is a valid reference
    public void Every_tap_matches_onnx_runtime(int height, int width)
    {
        using var scope = NewDisposeScope();
        var images = Images(height, width, seed: height);
        var ours = fixture.Network.Extract(images, fixture.Network.Taps);

        // The reference input: the network's documented preprocessing, applied here independently.
        var bgrMeans = tensor(new[] { 103.0626f, 115.9029f, 123.1516f }).view(1, 3, 1, 1);
        var preprocessed = (images * 255f).flip(1) - bgrMeans;
        using var session = fixture.OrtSession(height, width);
        var input = new DenseTensor<float>(preprocessed.contiguous().data<float>().ToArray(), [1, 3, height, width]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("Input247", input)]);

        for (var i = 0; i < ResNet18Fixture.TapValues.Length; i++)
        {
            var tap = fixture.Network.Taps[i];
            var reference = results.Single(r => r.Name == ResNet18Fixture.TapValues[i]).AsTensor<float>();
            var expected = tensor(reference.ToArray(), reference.Dimensions.ToArray().Select(d => (long)d).ToArray());
            ours[tap].shape.Should().Equal(expected.shape, $"tap {tap}");
            var maxAbs = (ours[tap] - expected).abs().max().item<float>();
            var scale = expected.abs().max().item<float>();
            output.WriteLine($"{height}x{width} {tap} [{string.Join(",", expected.shape)}]: max |diff| {maxAbs:E2}, scale {scale:F2}, relative {maxAbs / scale:E2}");
            (maxAbs / scale).Should().BeLessThan(1e-4f, $"tap {tap} at {height}x{width}");
        }
    }

    [Fact]
    public void The_per_channel_means_are_those_of_the_packaged_mean_image()
    {
        var prep = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(fixture.ModelPath)!)!, "ResNetPrepOnnx", "ResNetPreprocess.onnx");
        if (!File.Exists(prep)) return; // only the main model was made available (e.g. through GANKIT_RESNET18_ONNX)

        var model = GanKit.Features.Onnx.OnnxReader.Parse(File.ReadAllBytes(prep));
        var mean = model.Graph.Initializers["MeanImage"];
        mean.Dims.Should().Equal(1, 3, 224, 224);
        model.Graph.Nodes.Select(n => n.OpType).Should().Equal("Split", "Concat", "Sub"); // RGB -> BGR, minus the mean image; no std
        var plane = 224 * 224;
        for (var c = 0; c < 3; c++)
        {
            var channelMean = mean.FloatData.Skip(c * plane).Take(plane).Average(v => (double)v);
            channelMean.Should().BeApproximately(ResNet18FeatureNetwork.BgrMeans[c], 1e-3, $"BGR channel {c}");
        }
    }

    private static TorchSharp.torch.Tensor Images(int height, int width, int seed)
    {
        using var generator = new Generator((ulong)seed);
        return rand([1, 3, height, width], generator: generator);
    }
}
