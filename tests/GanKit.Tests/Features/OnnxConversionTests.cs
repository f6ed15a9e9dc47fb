using GanKit.Features;
using GanKit.Onnx;
using GanKit.Tests.Features.Support;
using static TorchSharp.torch;

namespace GanKit.Tests.Features;

/// <summary>The hand-written ONNX reader and the graph converter on tiny models built field by field.</summary>
public sealed class OnnxConversionTests
{
    [Theory]
    [InlineData(8, 8)]
    [InlineData(9, 7)]
    public void A_cntk_style_strided_block_matches_torch_and_recomputes_same_padding(int height, int width)
    {
        using var scope = NewDisposeScope();
        var weight = randn(4, 3, 3, 3);
        var scale = rand(4) + 0.5f;
        var shift = randn(4);
        var mean = randn(4);
        var variance = rand(4) + 0.1f;
        var bytes = new OnnxModelWriter()
            .Input("x", 1, 3, 8, 8)
            .Output("pooled")
            .Weight("w", [4, 3, 3, 3], weight.data<float>().ToArray(), raw: true)
            .Weight("scale", [4], scale.data<float>().ToArray())
            .Weight("shift", [4], shift.data<float>().ToArray())
            .Weight("mean", [4], mean.data<float>().ToArray())
            .Weight("var", [4], variance.data<float>().ToArray())
            .Node("Conv", "conv", ["x", "w"], "c", ("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 0, 0 }))
            .Node("BatchNormalization", "bn", ["c", "scale", "shift", "mean", "var"], "b", ("epsilon", 1e-3f))
            .Node("Relu", "relu", ["b"], "r")
            .Node("Add", "add", ["r", "b"], "sum")
            .Node("MaxPool", "pool", ["sum"], "pooled", ("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 0, 0 }))
            .ToBytes();

        var model = OnnxReader.Parse(bytes);
        model.IrVersion.Should().Be(7);
        model.ProducerName.Should().Be("GanKit tests");
        model.OpsetVersion.Should().Be(13);
        model.Graph.Initializers["w"].Dims.Should().Equal(4, 3, 3, 3);
        model.Graph.Inputs.Single().Shape.Should().Equal(1, 3, 8, 8);
        using var module = OnnxGraphConverter.Convert(model.Graph, "tiny");

        var x = rand(1, 3, height, width);
        var values = module.Run(x, ["r", "pooled"]);

        // Reference: "same" padding with the odd pixel first, computed for this size.
        var (top, bottom) = OnnxPadding.Same(height, 3, 2, 1, lower: true);
        var (left, right) = OnnxPadding.Same(width, 3, 2, 1, lower: true);
        var c = nn.functional.conv2d(nn.functional.pad(x, [left, right, top, bottom]), weight, strides: [2, 2]);
        var b = nn.functional.batch_norm(c, mean, variance, scale, shift, false, 0, 1e-3);
        var r = nn.functional.relu(b);
        var sum = r + b;
        var (pt, pb) = OnnxPadding.Same(sum.shape[2], 3, 2, 1, lower: true);
        var (pl, pr) = OnnxPadding.Same(sum.shape[3], 3, 2, 1, lower: true);
        var pooled = nn.functional.max_pool2d(nn.functional.pad(sum, [pl, pr, pt, pb], value: double.NegativeInfinity), [3, 3], [2, 2]);

        values["r"].shape.Should().Equal(1, 4, (height + 1) / 2, (width + 1) / 2);
        (values["r"] - r).abs().max().item<float>().Should().BeLessThan(1e-5f);
        values["pooled"].shape.Should().Equal(pooled.shape);
        (values["pooled"] - pooled).abs().max().item<float>().Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void Same_padding_puts_the_odd_pixel_where_asked()
    {
        OnnxPadding.Same(224, 7, 2, 1, lower: true).Should().Be((3L, 2L));   // the ResNet18 stem's [3,3,2,2]
        OnnxPadding.Same(56, 3, 2, 1, lower: true).Should().Be((1L, 0L));    // its strided 3x3 convolutions' [1,1,0,0]
        OnnxPadding.Same(25, 3, 2, 1, lower: true).Should().Be((1L, 1L));    // an odd size pads both sides
        OnnxPadding.Same(56, 3, 2, 1, lower: false).Should().Be((0L, 1L));
        OnnxPadding.Same(56, 1, 2, 1, lower: true).Should().Be((0L, 0L));
        OnnxPadding.Same(10, 3, 1, 1, lower: true).Should().Be((1L, 1L));

        OnnxPadding.FromNode("NOTSET", [1, 1, 0, 0], [3, 3], [2, 2], [1, 1], (56, 56)).Mode.Should().Be(OnnxPaddingMode.SameLower);
        OnnxPadding.FromNode("NOTSET", [1, 1, 1, 1], [3, 3], [2, 2], [1, 1], (56, 56)).Mode.Should().Be(OnnxPaddingMode.Explicit);
        OnnxPadding.FromNode("NOTSET", [1, 1, 0, 0], [3, 3], [2, 2], [1, 1], null).Mode.Should().Be(OnnxPaddingMode.Explicit);
        OnnxPadding.FromNode("SAME_UPPER", [], [3, 3], [2, 2], [1, 1], null).Mode.Should().Be(OnnxPaddingMode.SameUpper);
    }

    [Fact]
    public void Unsupported_operators_and_malformed_files_are_reported()
    {
        var gemm = new OnnxModelWriter().Input("x", 1, 3, 4, 4).Output("y").Weight("w", [2, 2], [1, 2, 3, 4])
            .Node("Gemm", "fc", ["x", "w"], "y").ToBytes();
        FluentActions.Invoking(() => OnnxGraphConverter.Convert(OnnxReader.Parse(gemm).Graph, "m"))
            .Should().Throw<FeatureNetworkException>().WithMessage("*'Gemm'*'fc'*Conv, BatchNormalization*");

        FluentActions.Invoking(() => OnnxReader.Parse(gemm[..^5])).Should().Throw<InvalidDataException>();
        FluentActions.Invoking(() => OnnxReader.Parse([0x08, 0x07])).Should().Throw<InvalidDataException>().WithMessage("*no ONNX graph*");
        FluentActions.Invoking(() => OnnxReader.Parse([0x3A, 0x10, 0x01])).Should().Throw<InvalidDataException>();
    }
}
