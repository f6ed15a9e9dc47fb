using GanKit.Regularizers;
using static TorchSharp.torch;

namespace GanKit.Losses;

internal sealed class LeastSquaresLoss : IGanLoss
{
    public string Name => "lsgan";

    public bool SupportsLabelSmoothing => true;

    public IReadOnlyList<IDiscriminatorRegularizer> RequiredRegularizers => [];

    public bool NeedsRealOutputForGenerator => false;

    // The ½ factors follow the LSGAN paper (a = 0, b = c = 1).
    public Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0)
    {
        using var scope = NewDisposeScope();
        return (0.5 * (realOutput - realTarget).square().mean() + 0.5 * fakeOutput.square().mean()).MoveToOuterDisposeScope();
    }

    public Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null)
    {
        using var scope = NewDisposeScope();
        return (0.5 * (fakeOutput - 1).square().mean()).MoveToOuterDisposeScope();
    }
}
