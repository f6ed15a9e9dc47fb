using GanKit.Regularizers;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Losses;

internal sealed class HingeLoss : IGanLoss
{
    public string Name => "hinge";

    public bool SupportsLabelSmoothing => false;

    public IReadOnlyList<IDiscriminatorRegularizer> RequiredRegularizers => [];

    public bool NeedsRealOutputForGenerator => false;

    public Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0)
    {
        using var scope = NewDisposeScope();
        return (F.relu(1 - realOutput).mean() + F.relu(1 + fakeOutput).mean()).MoveToOuterDisposeScope();
    }

    public Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null) => fakeOutput.mean().neg();
}
