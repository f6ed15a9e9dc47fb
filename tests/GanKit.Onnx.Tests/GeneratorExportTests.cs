using GanKit.Models;
using GanKit.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;
using Generator = GanKit.Models.Generator;
using Tensor = TorchSharp.torch.Tensor;

namespace GanKit.Onnx.Tests;

/// <summary>Exported generators computed by ONNX Runtime against TorchSharp's forward, for every built-in architecture.</summary>
public sealed class GeneratorExportTests(ITestOutputHelper output)
{
    /// <summary>Largest |ORT − torch| allowed, relative to the largest |torch| value of the batch.</summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<string, bool> Architectures() => new()
    {
        { "mlp-points", false }, { "mlp-points", true }, { "mlp-images", false }, { "mlp-images", true },
        { "dcgan-28", false }, { "dcgan-28", true }, { "dcgan-32-rgb", false }, { "dcgan-32-rgb", true },
        { "resnet-16", false }, { "resnet-16", true }, { "resnet-28", false }, { "resnet-28", true },
        { "msg-16", false }, { "msg-16", true }, { "msg-32-plain", false }, { "msg-32-plain", true },
        { "progressive-16", false }, { "progressive-16", true }, { "progressive-32-fading", false }, { "progressive-32-fading", true },
        { "progressive-32-level0", false }, { "progressive-32-no-pixel-norm-fading", false }, { "progressive-32-no-pixel-norm-fading", true },
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Onnx_runtime_computes_what_torchsharp_computes_at_batch_1_and_5(string architecture, bool conditional)
    {
        using var scope = NewDisposeScope();
        using var generator = Create(architecture, conditional);
        RandomizeStatistics(generator);
        var bytes = OnnxExport.ExportGenerator(generator);
        using var session = new InferenceSession(bytes, Options());
        // Pixel norm rescales every pixel's feature vector to unit RMS, so at pixels whose features nearly cancel it magnifies
        // the rounding of the convolutions before it (whose summation order differs between libtorch and ONNX Runtime):
        // the MSG-GAN and progressive generators may differ by more than 1e-5 where torch's own float32 result does too.
        // The same weights in float64 measure that float32 noise; ONNX Runtime must stay within a few times it.
        using var float64Twin = architecture.StartsWith("msg", StringComparison.Ordinal) || architecture.StartsWith("progressive", StringComparison.Ordinal)
            ? Create(architecture, conditional) : null;
        if (float64Twin is not null)
        {
            RandomizeStatistics(float64Twin);
            float64Twin.Network.to(ScalarType.Float64);
        }

        session.InputMetadata[OnnxMetadataKeys.LatentInput].Dimensions.Should().Equal(-1, generator.LatentSize);
        session.InputMetadata.ContainsKey(OnnxMetadataKeys.LabelsInput).Should().Be(conditional);
        foreach (var batch in new[] { 1, 5 })
        {
            using var random = new torch.Generator((ulong)(batch * 31 + 7));
            var z = randn([batch, generator.LatentSize], generator: random);
            var labels = conditional ? randint(0, generator.ClassCount!.Value, [batch], generator: random) : null;
            Tensor expected;
            using (no_grad())
            {
                generator.Network.eval();
                expected = generator.Forward(z, labels);
            }

            var actual = Run(session, z, labels);
            actual.shape.Should().Equal(expected.shape);
            var scale = expected.abs().max().item<float>();
            var error = (actual - expected).abs().max().item<float>();
            var allowed = Tolerance * scale;
            var noise = float64Twin is null ? 0 : Float32Noise(float64Twin, z, labels, expected);
            output.WriteLine($"{architecture} conditional={conditional} batch {batch}: max |ORT - torch| = {error:E2}, max |torch| = {scale:F3}" +
                (float64Twin is null ? "" : $", torch float32 vs float64 = {noise:E2}"));
            scale.Should().BeGreaterThan(0.01f, "the samples must not be trivially zero");
            ((double)error).Should().BeLessThanOrEqualTo(Math.Max(allowed, NoiseFactor * noise), "ONNX Runtime must compute the generator's forward");
        }
    }

    /// <summary>
    /// How many times torch's own float32 rounding error (against float64) ONNX Runtime may differ from torch: rounding noise
    /// is heavy-tailed (the largest of the batch at one pixel, a different pixel for each runtime), while a wrong translation
    /// (a missing pixel norm, another ε or α) differs by 1e-2 or more. Every other part of these generators is held to 1e-5 by
    /// the variants without pixel norm.
    /// </summary>
    private const double NoiseFactor = 10;

    /// <summary>Largest |torch float32 − torch float64| of the batch: the float32 rounding noise of the computation itself.</summary>
    private static double Float32Noise(Generator float64Twin, Tensor z, Tensor? labels, Tensor expected)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        float64Twin.Network.eval();
        var exact = float64Twin.Forward(z.to(ScalarType.Float64), labels);
        return (expected.to(ScalarType.Float64) - exact).abs().max().item<double>();
    }

    [Fact]
    public void The_metadata_describe_the_inputs_output_range_and_classes()
    {
        using var generator = Create("dcgan-28", conditional: true);
        var names = Enumerable.Range(0, 3).Select(i => $"class \"{i}\"").ToArray();
        var bytes = OnnxExport.ExportGenerator(generator, new OnnxExportOptions { ClassNames = names });
        using var session = new InferenceSession(bytes, Options());
        var meta = session.ModelMetadata.CustomMetadataMap;
        meta[OnnxMetadataKeys.LatentSize].Should().Be("16");
        meta[OnnxMetadataKeys.SampleShape].Should().Be("1,28,28");
        meta[OnnxMetadataKeys.OutputRange].Should().Be("-1,1");
        meta[OnnxMetadataKeys.ClassCount].Should().Be("3");
        meta[OnnxMetadataKeys.Architecture].Should().Be("dcgan");
        System.Text.Json.JsonSerializer.Deserialize<string[]>(meta[OnnxMetadataKeys.ClassNames]).Should().Equal(names);
        session.ModelMetadata.ProducerName.Should().Be("GanKit");
        session.InputMetadata[OnnxMetadataKeys.LabelsInput].ElementDataType.Should().Be(TensorElementType.Int64);
        session.OutputMetadata[OnnxMetadataKeys.SamplesOutput].Dimensions.Should().Equal(-1, 1, 28, 28);

        using var points = Create("mlp-points", conditional: false);
        using var pointsSession = new InferenceSession(OnnxExport.ExportGenerator(points), Options());
        pointsSession.ModelMetadata.CustomMetadataMap[OnnxMetadataKeys.OutputRange].Should().Be("unbounded");
        pointsSession.ModelMetadata.CustomMetadataMap.Should().NotContainKey(OnnxMetadataKeys.ClassNames);

        FluentActions.Invoking(() => OnnxExport.ExportGenerator(generator, new OnnxExportOptions { ClassNames = ["a"] }))
            .Should().Throw<ArgumentException>().WithMessage("*1 class names*3 classes*");
    }

    [Fact]
    public void A_progressive_generator_exports_its_current_level_and_alpha_and_records_them()
    {
        using var generator = Create("progressive-32-fading", conditional: false);
        using var session = new InferenceSession(OnnxExport.ExportGenerator(generator), Options());
        var meta = session.ModelMetadata.CustomMetadataMap;
        meta[OnnxMetadataKeys.Architecture].Should().Be("progressive");
        meta[OnnxMetadataKeys.ProgressiveLevel].Should().Be("2");
        meta[OnnxMetadataKeys.ProgressiveAlpha].Should().Be("0.35");
        meta[OnnxMetadataKeys.OutputRange].Should().Be("-1,1");
        session.OutputMetadata[OnnxMetadataKeys.SamplesOutput].Dimensions.Should().Equal(-1, 3, 32, 32);

        using var msg = Create("msg-16", conditional: false);
        using var msgSession = new InferenceSession(OnnxExport.ExportGenerator(msg), Options());
        msgSession.ModelMetadata.CustomMetadataMap[OnnxMetadataKeys.Architecture].Should().Be("msg");
        msgSession.ModelMetadata.CustomMetadataMap.Should().NotContainKey(OnnxMetadataKeys.ProgressiveLevel);
        msgSession.OutputMetadata.Keys.Should().Equal(OnnxMetadataKeys.SamplesOutput);
    }

    [Fact]
    public void A_custom_sequential_generator_exports_and_its_output_range_follows_its_last_layer()
    {
        var module = new ChainGenerator(nn.Sequential(("fc", nn.Linear(8, 32)), ("act", nn.LeakyReLU(0.2)), ("out", nn.Linear(32, 2 * 4 * 4)), ("squash", nn.Sigmoid())), [2, 4, 4]);
        using var generator = Generator.FromModule(module, new GeneratorDescriptor(latentSize: 8, sampleShape: [2, 4, 4]));
        var bytes = OnnxExport.ExportGenerator(generator);
        using var session = new InferenceSession(bytes, Options());
        session.ModelMetadata.CustomMetadataMap[OnnxMetadataKeys.Architecture].Should().Be("custom");
        session.ModelMetadata.CustomMetadataMap[OnnxMetadataKeys.OutputRange].Should().Be("0,1");
        using var scope = NewDisposeScope();
        using var random = new torch.Generator(3);
        var z = randn([4, 8], generator: random);
        using var noGrad = no_grad();
        var expected = generator.Forward(z);
        var actual = Run(session, z, null);
        ((double)(actual - expected).abs().max().item<float>()).Should().BeLessThanOrEqualTo(Tolerance * expected.abs().max().item<float>());
    }

    [Fact]
    public void Unsupported_layers_are_all_listed_in_one_exception()
    {
        var module = new ChainGenerator(nn.Sequential(
            ("fc", nn.Linear(4, 16)), ("gelu", nn.GELU()), ("norm", nn.LayerNorm(16)), ("fc2", nn.Linear(16, 2)), ("gelu2", nn.GELU())), [2]);
        using var generator = Generator.FromModule(module, new GeneratorDescriptor(latentSize: 4, sampleShape: [2]));
        var ex = FluentActions.Invoking(() => OnnxExport.ExportGenerator(generator)).Should().Throw<OnnxExportException>().Which;
        ex.UnsupportedModuleTypes.Should().Equal("GELU", "LayerNorm");
        ex.Message.Should().Contain("GELU, LayerNorm").And.Contain("Supported layers: Sequential, Linear");
    }

    [Fact]
    public void A_custom_module_whose_forward_is_not_the_chain_of_its_layers_is_refused()
    {
        using var generator = Generator.FromModule(new ResidualGenerator(), new GeneratorDescriptor(latentSize: 4, sampleShape: [4]));
        FluentActions.Invoking(() => OnnxExport.ExportGenerator(generator)).Should().Throw<OnnxExportException>()
            .WithMessage("*ResidualGenerator does not compute the chain of its layers*");
    }

    [Fact]
    public void Export_to_a_file_leaves_the_generator_in_training_mode_and_unchanged()
    {
        using var generator = Create("resnet-16", conditional: false);
        generator.Network.train();
        var before = generator.Parameters().Select(p => p.clone()).ToList();
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "g.onnx");
        OnnxExport.ExportGenerator(generator, path);
        generator.Network.training.Should().BeTrue();
        generator.Parameters().Zip(before).Should().OnlyContain(p => p.First.equal(p.Second).all().item<bool>());
        new FileInfo(path).Length.Should().BeGreaterThan(generator.ParameterCount * 4, "the weights are stored in the file");
        Directory.GetFiles(temp.Path).Should().Equal(path);
    }

    internal static Generator Create(string architecture, bool conditional)
    {
        var builder = Generator.CreateBuilder().WithLatentSize(16).WithSeed(architecture.Length * 7 + (conditional ? 1 : 0));
        builder = architecture switch
        {
            "mlp-points" => builder.ForVectors(2).UseMlp(32, 2),
            "mlp-images" => builder.ForImages(1, 16, 16).UseMlp(32, 2),
            "dcgan-28" => builder.ForImages(1, 28, 28).UseDcgan(8),
            "dcgan-32-rgb" => builder.ForImages(3, 32, 32).UseDcgan(8),
            "resnet-16" => builder.ForImages(3, 16, 16).UseResNet(8),
            "resnet-28" => builder.ForImages(1, 28, 28).UseResNet(8),
            "msg-16" => builder.ForImages(3, 16, 16).UseMsgGan(4),
            "msg-32-plain" => builder.ForImages(1, 32, 32).UseMsgGan(4, new HighResolutionOptions(EqualizedLearningRate: false, PixelNorm: false)),
            "progressive-16" => builder.ForImages(3, 16, 16).UseProgressive(4),
            "progressive-32-fading" or "progressive-32-level0" => builder.ForImages(3, 32, 32).UseProgressive(4),
            "progressive-32-no-pixel-norm-fading" => builder.ForImages(1, 32, 32).UseProgressive(4, new HighResolutionOptions(PixelNorm: false)),
            _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
        };
        if (conditional) builder = builder.WithClasses(3);
        var generator = builder.Build();
        // A progressive generator mid-training: level 2 of 3 fading in (α = 0.35), or the 4×4 level up-sampled to the full size.
        if (architecture.EndsWith("fading", StringComparison.Ordinal)) ((IProgressiveNetwork)generator.Network).SetGrowth(2, 0.35);
        if (architecture.EndsWith("level0", StringComparison.Ordinal)) ((IProgressiveNetwork)generator.Network).SetGrowth(0, 1.0);
        return generator;
    }

    /// <summary>
    /// Fresh batch norms hold mean 0, variance 1, scale 1, shift 0 and conditional tables of ones and zeros, which would let
    /// a wrong translation of them pass; give every one of them other values, as training would.
    /// </summary>
    internal static void RandomizeStatistics(Generator generator)
    {
        using var noGrad = no_grad();
        using var random = new torch.Generator(99);
        foreach (var (_, module) in generator.Network.named_modules())
        {
            if (module is NormBase norm)
            {
                norm.running_mean?.copy_(randn(norm.running_mean.shape, generator: random) * 0.3);
                norm.running_var?.copy_(rand(norm.running_var.shape, generator: random) + 0.5);
                if (norm.affine)
                {
                    norm.weight.copy_(rand(norm.weight.shape, generator: random) + 0.5);
                    norm.bias!.copy_(randn(norm.bias.shape, generator: random) * 0.2);
                }
            }
            else if (module is Embedding embedding)
            {
                embedding.weight!.copy_(randn(embedding.weight.shape, generator: random) * 0.3 + 1);
            }
        }
    }

    internal static SessionOptions Options() =>
        new() { IntraOpNumThreads = 1, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };

    internal static Tensor Run(InferenceSession session, Tensor z, Tensor? labels)
    {
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor(OnnxMetadataKeys.LatentInput, new DenseTensor<float>(z.contiguous().data<float>().ToArray(), z.shape.Select(d => (int)d).ToArray())),
        };
        if (labels is not null)
            inputs.Add(NamedOnnxValue.CreateFromTensor(OnnxMetadataKeys.LabelsInput, new DenseTensor<long>(labels.data<long>().ToArray(), [(int)labels.shape[0]])));
        using var results = session.Run(inputs);
        var result = results.Single(r => r.Name == OnnxMetadataKeys.SamplesOutput).AsTensor<float>();
        return tensor(result.ToArray(), result.Dimensions.ToArray().Select(d => (long)d).ToArray());
    }

    /// <summary>A user's generator module: its forward runs its Sequential and shapes the result into samples.</summary>
    private sealed class ChainGenerator : nn.Module<Tensor, Tensor?, Tensor>
    {
        private readonly Sequential body;
        private readonly long[] _shape;

        public ChainGenerator(Sequential body, long[] shape) : base(nameof(ChainGenerator))
        {
            this.body = body;
            _shape = shape;
            RegisterComponents();
        }

        public override Tensor forward(Tensor latent, Tensor? labels) => body.call(latent).reshape([latent.shape[0], .. _shape]);
    }

    /// <summary>A forward with a skip connection: its layers in a row compute something else.</summary>
    private sealed class ResidualGenerator : nn.Module<Tensor, Tensor?, Tensor>
    {
        private readonly Linear first = nn.Linear(4, 4);
        private readonly Linear second = nn.Linear(4, 4);

        public ResidualGenerator() : base(nameof(ResidualGenerator)) => RegisterComponents();

        public override Tensor forward(Tensor latent, Tensor? labels) => latent + second.call(first.call(latent));
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("gankit-onnx-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
