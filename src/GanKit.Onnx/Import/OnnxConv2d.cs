using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Onnx;

/// <summary>An ONNX <c>Conv</c> node on 2-D images: explicit (possibly asymmetric or size-dependent) padding, then an unpadded convolution.</summary>
internal sealed class OnnxConv2d : nn.Module<Tensor, Tensor>
{
    // Named like torch.nn.Conv2d's so state dicts read naturally.
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly OnnxPadding _padding;
    private readonly long[] _kernel;
    private readonly long[] _strides;
    private readonly long[] _dilations;
    private readonly long _groups;

    public OnnxConv2d(string name, Tensor weight, Tensor? bias, long[] strides, long[] dilations, long groups, OnnxPadding padding)
        : base(name)
    {
        _kernel = [weight.shape[2], weight.shape[3]]; // read before the Parameter takes over the tensor's handle
        this.weight = new Parameter(weight, requires_grad: false);
        this.bias = bias is null ? null : new Parameter(bias, requires_grad: false);
        _strides = strides;
        _dilations = dilations;
        _groups = groups;
        _padding = padding;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var p = _padding.For(input.shape[2], input.shape[3], _kernel, _strides, _dilations);
        if (p[0] == p[2] && p[1] == p[3]) // symmetric: let the convolution pad, saving a copy of the input
            return nn.functional.conv2d(input, weight, bias, _strides, [p[0], p[1]], _dilations, _groups);

        var padded = _padding.Apply(input, _kernel, _strides, _dilations, 0);
        return nn.functional.conv2d(padded, weight, bias, _strides, [0, 0], _dilations, _groups);
    }
}
