using GanKit.Data;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

/// <summary>Small synthetic labelled images: class k is a bright horizontal band at rows 3k..3k+1 of an 8×8 image, plus noise.</summary>
/// <remarks>
/// The bands are 3 rows apart, not 2: the classifier's two 2×2 max-pools merge rows 0–3, so bands at rows 0–1 and 2–3 are
/// told apart only by the first convolution's edge response, and from some initial weights (3 of 30 seeds) the network
/// does not separate them within the test's 25 steps (accuracy 0.67–0.80). 3 rows apart, every seed in 1–30 reaches 100%.
/// </remarks>
internal static class MetricTestData
{
    public static InMemoryDataset Bands(int count = 300, int classes = 3, long seed = 11)
    {
        if (classes is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(classes), classes, "8×8 images hold at most 3 bands 3 rows apart.");
        using var random = new TorchSharp.torch.Generator((ulong)seed);
        var labels = arange(count) % classes;
        var images = full(new long[] { count, 1, 8, 8 }, -1f);
        for (int k = 0; k < classes; k++)
        {
            var rows = images.index_select(0, nonzero(labels.eq(k)).squeeze(1));
            rows[.., .., (3 * k)..(3 * k + 2), ..] = tensor(1f);
            images.index_copy_(0, nonzero(labels.eq(k)).squeeze(1), rows);
        }

        images = (images + randn(images.shape, generator: random) * 0.3f).clamp(-1, 1);
        return new InMemoryDataset(images, labels, classes, ownsTensors: true);
    }
}
