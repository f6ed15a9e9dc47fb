using GanKit.Features;
using GanKit.Tests.Features.Support;
using GanKit.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;
using static TorchSharp.torch;

using Tensor = TorchSharp.torch.Tensor;

namespace GanKit.Tests.Features;

/// <summary>The converted ResNet18 against ONNX Runtime running the original ONNX files.</summary>
public sealed class ResNet18ParityTests(ResNet18Fixture fixture, ITestOutputHelper output) : IClassFixture<ResNet18Fixture>
{
    private const float Tolerance = 1e-4f; // relative to the largest activation of a tap

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
        var reference = RunModel(preprocessed);

        var worst = Compare(ours, reference, $"{height}x{width}");
        worst.Should().BeLessThan(Tolerance, $"every tap at {height}x{width}");
    }

    /// <summary>
    /// GanKit's own preprocessing (×255, RGB → BGR, minus per-channel means) and network against the package's pipeline as
    /// ML.NET runs it: ResNetPreprocess.onnx (RGB in [0, 255] → BGR minus a 224×224 mean image), then ResNet18.onnx.
    /// The graph subtracts a mean image, GanKit its per-channel means; the input given to the graph adds the mean image's
    /// deviation from its channel means, so the graph's output is exactly "BGR minus the channel means" and any mistake in
    /// GanKit's scale, channel order or mean values shows. The unadjusted pipeline is measured too (see the next test).
    /// </summary>
    [SkippableFact]
    public void Gankits_preprocessing_and_network_match_the_packaged_preprocessing_graph_then_the_model()
    {
        using var scope = NewDisposeScope();
        using var prep = PreprocessingSession();
        var meanImage = MeanImage();
        var images = Images(224, 224, seed: 5);
        var ours = fixture.Network.Extract(images, fixture.Network.Taps);

        var deviation = meanImage - meanImage.mean([2, 3], keepdim: true);        // BGR, zero mean per channel
        var adjusted = RunPreprocessing(prep, images * 255f + deviation.flip(1)); // the graph takes RGB
        var expected = (images * 255f).flip(1) - meanImage.mean([2, 3], keepdim: true);
        var graphError = (adjusted - expected).abs().max().item<float>();
        output.WriteLine($"preprocessing graph with the deviation added back: max |graph - (BGR·255 - channel means)| = {graphError:E2}");
        graphError.Should().BeLessThan(1e-3f, "the graph is Split → Concat (RGB → BGR) → Sub(mean image) on [0, 255] RGB");

        var worst = Compare(ours, RunModel(adjusted), "224x224 through ResNetPreprocess.onnx (channel means)");
        worst.Should().BeLessThan(Tolerance, "GanKit's preprocessing is the package's up to the mean image's spatial deviation");
    }

    /// <summary>
    /// How far GanKit's features are from ML.NET's DnnImageFeaturizer pipeline at 224×224, where the package's mean image
    /// applies: the mean image deviates from its channel means by up to ±13 (of 255), so the features differ by far more
    /// than the parity tolerance. The test pins the size of that difference, so a change to either side is noticed.
    /// </summary>
    [SkippableFact]
    public void The_packaged_mean_image_changes_the_features_by_a_measured_amount()
    {
        using var scope = NewDisposeScope();
        using var prep = PreprocessingSession();
        var meanImage = MeanImage();
        var deviation = meanImage - meanImage.mean([2, 3], keepdim: true);
        output.WriteLine($"mean image minus its channel means: max |deviation| {deviation.abs().max().item<float>():F2}, " +
                         $"RMS per BGR channel [{string.Join(", ", deviation.square().mean([0, 2, 3]).sqrt().data<float>().ToArray().Select(v => v.ToString("F2")))}] (0–255 scale)");

        var images = Images(224, 224, seed: 6);
        var ours = fixture.Network.Extract(images, fixture.Network.Taps);
        var packaged = RunModel(RunPreprocessing(prep, images * 255f));
        var worst = Compare(ours, packaged, "224x224 GanKit vs ResNetPreprocess.onnx + ResNet18.onnx (mean image)");

        using var pooledOurs = fixture.Network.ExtractPooled(images);
        var stage4 = packaged[ResNet18Fixture.TapValues[^1]];
        var pooledPackaged = stage4.mean([2, 3]);
        var cosine = nn.functional.cosine_similarity(pooledOurs, pooledPackaged).item<float>();
        var pooledRelative = ((pooledOurs - pooledPackaged).norm() / pooledPackaged.norm()).item<float>();
        output.WriteLine($"pooled 512-d features: cosine {cosine:F5}, relative L2 difference {pooledRelative:E2}");

        worst.Should().BeGreaterThan(Tolerance, "the mean image is not the channel means; if this fails, GanKit now applies the mean image");
        pooledRelative.Should().BeLessThan(0.1f, "a ±13/255 input offset moves the pooled features by a few percent, not more");
    }

    [SkippableFact]
    public void The_per_channel_means_are_those_of_the_packaged_mean_image()
    {
        var prep = RequirePreprocessingPath();
        var model = GanKit.Onnx.OnnxReader.Parse(File.ReadAllBytes(prep));
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

    private string RequirePreprocessingPath()
    {
        var path = fixture.PreprocessingModelPath;
        Prerequisites.Require(path is not null,
            $"ResNetPrepOnnx/ResNetPreprocess.onnx of Microsoft.ML.DnnImageFeaturizer.ResNet18 (searched {string.Join(", ", fixture.PreprocessingCandidates())})");
        return path!;
    }

    /// <summary>A session on the preprocessing graph, after checking its declared input and output.</summary>
    private InferenceSession PreprocessingSession()
    {
        var path = RequirePreprocessingPath();
        using var options = new SessionOptions { IntraOpNumThreads = 2, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        var session = new InferenceSession(path, options);
        foreach (var (kind, metadata) in new[] { ("input", session.InputMetadata), ("output", session.OutputMetadata) })
            foreach (var (name, node) in metadata)
                output.WriteLine($"ResNetPreprocess.onnx {kind} '{name}': {node.ElementDataType} [{string.Join(",", node.Dimensions)}]");
        session.InputMetadata.Keys.Should().Equal("OriginalInput");
        session.InputMetadata["OriginalInput"].Dimensions.Should().Equal(1, 3, 224, 224);
        session.InputMetadata["OriginalInput"].ElementDataType.Should().Be(TensorElementType.Float);
        session.OutputMetadata.Keys.Should().Equal("PreprocessedInput");
        return session;
    }

    /// <summary>The graph's MeanImage initializer, <c>[1,3,224,224]</c> BGR on the 0–255 scale.</summary>
    private Tensor MeanImage()
    {
        var mean = GanKit.Onnx.OnnxReader.Parse(File.ReadAllBytes(RequirePreprocessingPath())).Graph.Initializers["MeanImage"];
        return tensor(mean.FloatData, mean.Dims);
    }

    private static Tensor RunPreprocessing(InferenceSession prep, Tensor rgb255)
    {
        var input = new DenseTensor<float>(rgb255.contiguous().data<float>().ToArray(), [1, 3, 224, 224]);
        using var results = prep.Run([NamedOnnxValue.CreateFromTensor("OriginalInput", input)]);
        var result = results.Single(r => r.Name == "PreprocessedInput").AsTensor<float>();
        return tensor(result.ToArray(), result.Dimensions.ToArray().Select(d => (long)d).ToArray());
    }

    /// <summary>ORT on ResNet18.onnx at the input's size: every tap value by its ONNX name.</summary>
    private Dictionary<string, Tensor> RunModel(Tensor preprocessed)
    {
        int height = (int)preprocessed.shape[2], width = (int)preprocessed.shape[3];
        using var session = fixture.OrtSession(height, width);
        var input = new DenseTensor<float>(preprocessed.contiguous().data<float>().ToArray(), [1, 3, height, width]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("Input247", input)]);
        return ResNet18Fixture.TapValues.ToDictionary(v => v, v =>
        {
            var t = results.Single(r => r.Name == v).AsTensor<float>();
            return tensor(t.ToArray(), t.Dimensions.ToArray().Select(d => (long)d).ToArray());
        });
    }

    /// <summary>Writes each tap's difference and returns the worst relative one (max |diff| / max |reference|).</summary>
    private float Compare(IReadOnlyDictionary<string, Tensor> ours, Dictionary<string, Tensor> reference, string label)
    {
        var worst = 0f;
        for (var i = 0; i < ResNet18Fixture.TapValues.Length; i++)
        {
            var tap = fixture.Network.Taps[i];
            var expected = reference[ResNet18Fixture.TapValues[i]];
            ours[tap].shape.Should().Equal(expected.shape, $"tap {tap}");
            var maxAbs = (ours[tap] - expected).abs().max().item<float>();
            var scale = expected.abs().max().item<float>();
            output.WriteLine($"{label} {tap} [{string.Join(",", expected.shape)}]: max |diff| {maxAbs:E2}, scale {scale:F2}, relative {maxAbs / scale:E2}");
            worst = Math.Max(worst, maxAbs / scale);
        }

        return worst;
    }

    private static Tensor Images(int height, int width, int seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        return rand([1, 3, height, width], generator: generator);
    }
}
