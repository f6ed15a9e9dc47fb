using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Onnx;

/// <summary>An ONNX <c>BatchNormalization</c> node in inference mode: normalise with the stored running statistics.</summary>
internal sealed class OnnxBatchNorm2d : nn.Module<Tensor, Tensor>
{
    // Named like torch.nn.BatchNorm2d's so state dicts read naturally.
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly double _epsilon;

    public OnnxBatchNorm2d(string name, Tensor scale, Tensor bias, Tensor mean, Tensor variance, double epsilon) : base(name)
    {
        weight = new Parameter(scale, requires_grad: false);
        this.bias = new Parameter(bias, requires_grad: false);
        running_mean = mean;
        running_var = variance;
        _epsilon = epsilon;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training: false, momentum: 0, eps: _epsilon);
}
