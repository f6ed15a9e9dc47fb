using GanKit.Regularizers;
using static TorchSharp.torch;

namespace GanKit.Losses;

internal sealed class WassersteinLoss : IGanLoss
{
    public WassersteinLoss(double lambda)
    {
        if (!(lambda >= 0) || double.IsInfinity(lambda))
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "The gradient-penalty weight must be zero or positive and finite.");
        RequiredRegularizers = lambda > 0 ? [new GradientPenalty(lambda)] : [];
        Lambda = lambda;
    }

    public double Lambda { get; }

    public string Name => "wgan-gp";

    public bool SupportsLabelSmoothing => false;

    public IReadOnlyList<IDiscriminatorRegularizer> RequiredRegularizers { get; }

    public bool NeedsRealOutputForGenerator => false;

    public Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0)
    {
        using var scope = NewDisposeScope();
        return (fakeOutput.mean() - realOutput.mean()).MoveToOuterDisposeScope();
    }

    public Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null) => fakeOutput.mean().neg();
}
