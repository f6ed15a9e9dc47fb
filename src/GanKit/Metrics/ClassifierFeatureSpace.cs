using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>The penultimate layer of a <see cref="MetricClassifier"/> as a feature space (the classifier is not owned).</summary>
internal sealed class ClassifierFeatureSpace(MetricClassifier classifier) : IFeatureSpace
{
    public string Name => "classifier";

    public int Dimension => classifier.FeatureSize;

    public Tensor Embed(Tensor samples) => classifier.Features(samples);

    public void Dispose() { }
}
