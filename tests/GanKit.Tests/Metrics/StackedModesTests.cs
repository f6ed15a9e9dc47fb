using GanKit.Data;
using GanKit.Metrics;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

public sealed class StackedModesTests
{
    [Fact]
    public void Channel_classes_combine_into_a_base_K_number_with_the_first_channel_most_significant()
    {
        using var classes = tensor(new long[] { 0, 0, 0, 3, 1, 4, 9, 9, 9, 1, 0, 2 }).reshape(4, 3);
        using var modes = StackedModes.Combine(classes, 10);
        modes.data<long>().ToArray().Should().Equal(0, 314, 999, 102);
        using var two = tensor(new long[] { 2, 1 }).reshape(1, 2);
        using var mode = StackedModes.Combine(two, 3);
        mode.item<long>().Should().Be(7, "2·3 + 1");
    }

    [Fact]
    public void Modes_covered_and_KL_from_uniform_match_a_hand_computed_histogram()
    {
        // 4 samples over 1,000 modes: mode 0 twice, modes 1 and 999 once. q = (½, ¼, ¼), KL = ½ ln 500 + 2 · ¼ ln 250.
        using var modes = tensor(new long[] { 0, 999, 0, 1 });
        var d = StackedModes.FromModes(modes, 1000);
        (d.ClassCoverage * 1000).Should().BeApproximately(3, 1e-9, "a mode counts from one sample on");
        d.KlFromUniform.Should().BeApproximately(0.5 * Math.Log(500) + 0.5 * Math.Log(250), 1e-12);
        d.Counts[0].Should().Be(2);
        d.Counts[999].Should().Be(1);

        // Every mode exactly once: KL 0, all covered.
        using var all = arange(1000, ScalarType.Int64);
        var uniform = StackedModes.FromModes(all, 1000);
        uniform.ClassCoverage.Should().Be(1);
        uniform.KlFromUniform.Should().BeApproximately(0, 1e-12);

        // One mode only: KL ln 1000.
        using var collapsed = zeros(26, ScalarType.Int64);
        StackedModes.FromModes(collapsed, 1000).KlFromUniform.Should().BeApproximately(Math.Log(1000), 1e-12);
    }

    [Fact]
    public void A_classifier_reads_each_channel_of_stacked_images()
    {
        using var bands = MetricTestData.Bands();
        using var classifier = MetricClassifier.Train(bands, new MetricClassifierRecipe
        {
            Seed = 3, Epochs = 5, MaxSteps = 25, BatchSize = 32, LearningRate = 2e-2, Channels = 4, FeatureSize = 8,
        });
        classifier.Accuracy(bands).Should().BeGreaterThan(0.99, "see MetricClassifierTests: the bands are learned perfectly");
        var stacked = new StackedDataset(bands, 60, seed: 2);
        stacked.ClassCount.Should().Be(27);
        using var batch = stacked.GetBatch(Enumerable.Range(0, 60).Select(i => (long)i).ToArray());
        using var predicted = StackedModes.Predict(classifier, batch.Samples);
        predicted.eq(batch.Labels!).sum().item<long>().Should().BeGreaterThanOrEqualTo(59, "every channel is a band image the classifier knows");
        var d = StackedModes.Measure(classifier, batch.Samples);
        d.Counts.Should().HaveCount(27);
        d.Counts.Sum().Should().Be(60);

        using var wrongSize = zeros(2, 3, 4, 4);
        FluentActions.Invoking(() => StackedModes.Predict(classifier, wrongSize)).Should().Throw<MetricInputException>();
    }
}
