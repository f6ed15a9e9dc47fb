using GanKit.Features;
using static TorchSharp.torch;

namespace GanKit.Onnx;

/// <summary>An ONNX <c>MaxPool</c> or <c>AveragePool</c> node on 2-D images.</summary>
internal sealed class OnnxPool2d : nn.Module<Tensor, Tensor>
{
    private static readonly long[] NoDilation = [1, 1];
    private readonly bool _max;
    private readonly long[] _kernel;
    private readonly long[] _strides;
    private readonly OnnxPadding _padding;
    private readonly bool _countIncludePad;

    /// <param name="name">The module name.</param>
    /// <param name="max">Max pooling (padding counts as −∞) rather than average pooling.</param>
    /// <param name="kernel">The window size.</param>
    /// <param name="strides">The strides.</param>
    /// <param name="padding">The padding.</param>
    /// <param name="countIncludePad">For average pooling: whether padded zeros count in the average.</param>
    public OnnxPool2d(string name, bool max, long[] kernel, long[] strides, OnnxPadding padding, bool countIncludePad) : base(name)
    {
        _max = max;
        _kernel = kernel;
        _strides = strides;
        _padding = padding;
        _countIncludePad = countIncludePad;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (_max)
        {
            // Symmetric padding of at most half the window: torch pads with -inf itself, saving a copy of the input.
            var p = _padding.For(input.shape[2], input.shape[3], _kernel, _strides, NoDilation);
            if (p[0] == p[2] && p[1] == p[3] && p[0] <= _kernel[0] / 2 && p[1] <= _kernel[1] / 2)
                return nn.functional.max_pool2d(input, _kernel, _strides, [p[0], p[1]]);

            var padded = _padding.Apply(input, _kernel, _strides, NoDilation, double.NegativeInfinity);
            return nn.functional.max_pool2d(padded, _kernel, _strides);
        }

        var pads = _padding.For(input.shape[2], input.shape[3], _kernel, _strides, NoDilation);
        if (_countIncludePad || pads.All(p => p == 0))
        {
            var padded = _padding.Apply(input, _kernel, _strides, NoDilation, 0);
            return nn.functional.avg_pool2d(padded, _kernel, _strides);
        }

        // Symmetric padding that must not count in the average: torch's own padding does exactly that.
        if (pads[0] != pads[2] || pads[1] != pads[3])
            throw new FeatureNetworkException("Average pooling with asymmetric padding that excludes the padding from the average is not supported.");
        return nn.functional.avg_pool2d(input, _kernel, _strides, [pads[0], pads[1]], ceil_mode: false, count_include_pad: false);
    }
}
