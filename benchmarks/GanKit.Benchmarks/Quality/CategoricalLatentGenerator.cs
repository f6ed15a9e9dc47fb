using GanKit.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Quality;

/// <summary>
/// Experiment: the last latent coordinate is read as a uniform category (its normal CDF cut into K equal bins), one-hot
/// coded and given to the MLP beside the other coordinates, so G can place categories in different modes without
/// tearing a continuous latent.
/// </summary>
internal sealed class CategoricalLatentGenerator : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly nn.Module<Tensor, Tensor?, Tensor> inner;
    private readonly int _categories;

    public CategoricalLatentGenerator(GeneratorSpec innerSpec, int categories, torch.Generator? random = null) : base("CategoricalLatentGenerator")
    {
        inner = random is null ? innerSpec.CreateModule() : innerSpec.CreateModule(random);
        _categories = categories;
        RegisterComponents();
    }

    public override Tensor forward(Tensor z, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var last = z.shape[1] - 1;
        var u = (z[.., (int)last] / Math.Sqrt(2)).erf().add(1).mul(0.5);
        var code = (u * _categories).floor().clamp(0, _categories - 1).to(ScalarType.Int64);
        var onehot = nn.functional.one_hot(code, _categories).to(z.dtype);
        var input = cat([z[.., ..(int)last], onehot], 1);
        return inner.call(input, labels).MoveToOuterDisposeScope();
    }
}
