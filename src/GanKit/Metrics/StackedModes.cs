using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// The modes of stacked images (see <see cref="Data.StackedDataset"/>): a single-channel classifier reads each channel, and the
/// tuple of its classes, read as a number in base K with the first channel most significant, is the mode. The Stacked-MNIST
/// protocol counts a mode as covered when at least one generated sample falls in it and reports KL(mode histogram ‖ uniform).
/// </summary>
public static class StackedModes
{
    /// <summary>The mode of each row of per-channel classes: Σ_c class_c · K^(C−1−c).</summary>
    /// <param name="channelClasses"><c>[N,C]</c> integer classes in [0, K).</param>
    /// <param name="classCount">K, at least 2.</param>
    /// <returns><c>[N]</c> int64 modes in [0, K^C).</returns>
    public static Tensor Combine(Tensor channelClasses, int classCount)
    {
        ArgumentNullException.ThrowIfNull(channelClasses);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (channelClasses.dim() != 2 || channelClasses.is_floating_point())
            throw new MetricInputException($"Per-channel classes must be an integer matrix [N,C]; got {channelClasses.dtype} [{string.Join(",", channelClasses.shape)}].");
        using var scope = NewDisposeScope();
        long channels = channelClasses.shape[1];
        var weights = pow(tensor((long)classCount), arange(channels - 1, -1, -1, ScalarType.Int64));
        return channelClasses.to(ScalarType.Int64).mul(weights).sum(1).MoveToOuterDisposeScope();
    }

    /// <summary>Classifies every channel of stacked images and combines the classes into modes.</summary>
    /// <param name="classifier">A classifier of single-channel images <c>[1,H,W]</c>.</param>
    /// <param name="images"><c>[N,C,H,W]</c> in [-1, 1].</param>
    /// <returns><c>[N]</c> int64 modes in [0, K^C).</returns>
    /// <exception cref="MetricInputException">The classifier does not take single channels of these images.</exception>
    public static Tensor Predict(MetricClassifier classifier, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(images);
        if (classifier.SampleShape[0] != 1 || images.dim() != 4 || images.shape[2] != classifier.SampleShape[1] || images.shape[3] != classifier.SampleShape[2])
            throw new MetricInputException($"Stacked modes need images [N,C,{classifier.SampleShape[1]},{classifier.SampleShape[2]}] and a single-channel classifier; got [{string.Join(",", images.shape)}].");
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        long n = images.shape[0], c = images.shape[1];
        var classes = classifier.Predict(images.reshape(n * c, 1, images.shape[2], images.shape[3])).reshape(n, c);
        return Combine(classes, classifier.ClassCount).MoveToOuterDisposeScope();
    }

    /// <summary>Modes covered (at least one sample) and KL(mode histogram ‖ uniform) of stacked images.</summary>
    /// <param name="classifier">A classifier of single-channel images.</param>
    /// <param name="images"><c>[N,C,H,W]</c> in [-1, 1].</param>
    /// <returns>The distribution over the K^C modes; <see cref="ClassDistribution.ClassCoverage"/> times K^C is the number of modes covered.</returns>
    public static ClassDistribution Measure(MetricClassifier classifier, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(images);
        using var modes = Predict(classifier, images);
        return FromModes(modes, (int)Math.Pow(classifier.ClassCount, images.shape[1]));
    }

    /// <summary>The mode distribution of predicted modes, counting a mode as covered from one sample on.</summary>
    /// <param name="modes"><c>[N]</c> integer modes in [0, <paramref name="modeCount"/>).</param>
    /// <param name="modeCount">The number of modes.</param>
    /// <returns>The distribution.</returns>
    public static ClassDistribution FromModes(Tensor modes, int modeCount) =>
        ClassDistribution.FromPredictions(modes, modeCount, minimumShare: 1e-12);
}
