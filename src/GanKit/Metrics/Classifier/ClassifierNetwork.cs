using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// conv3×3(C→c) → ReLU → max-pool 2 → conv3×3(c→2c) → ReLU → max-pool 2 → flatten → linear(→F) → ReLU (the features)
/// → linear(F→K) (the class logits). Inputs are images in [-1, 1], as GanKit's data sets and generators produce them.
/// </summary>
internal sealed class ClassifierNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;
    private readonly Linear head;

    public ClassifierNetwork(IReadOnlyList<long> sampleShape, int classCount, MetricClassifierRecipe recipe) : base("MetricClassifier")
    {
        long c = sampleShape[0], h = sampleShape[1], w = sampleShape[2];
        long flat = 2L * recipe.Channels * (h / 4) * (w / 4);
        body = nn.Sequential(
            ("conv1", nn.Conv2d(c, recipe.Channels, 3, padding: 1)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(recipe.Channels, 2L * recipe.Channels, 3, padding: 1)),
            ("relu2", nn.ReLU()),
            ("pool2", nn.MaxPool2d(2)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(flat, recipe.FeatureSize)),
            ("relu3", nn.ReLU()));
        head = nn.Linear(recipe.FeatureSize, classCount);
        RegisterComponents();
    }

    /// <summary>The penultimate activations <c>[N,F]</c>.</summary>
    public Tensor Features(Tensor images) => body.forward(images);

    /// <summary>The class logits <c>[N,K]</c>.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return head.forward(body.forward(images)).MoveToOuterDisposeScope();
    }
}
