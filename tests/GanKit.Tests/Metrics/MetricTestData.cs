using GanKit.Data;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

/// <summary>Small synthetic labelled images: class k is a bright horizontal band at rows 2k..2k+1 of an 8×8 image, plus noise.</summary>
internal static class MetricTestData
{
    public static TensorDataset Bands(int count = 300, int classes = 3, long seed = 11)
    {
        using var random = new TorchSharp.torch.Generator((ulong)seed);
        var labels = arange(count) % classes;
        var images = full(new long[] { count, 1, 8, 8 }, -1f);
        for (int k = 0; k < classes; k++)
        {
            var rows = images.index_select(0, nonzero(labels.eq(k)).squeeze(1));
            rows[.., .., (2 * k)..(2 * k + 2), ..] = tensor(1f);
            images.index_copy_(0, nonzero(labels.eq(k)).squeeze(1), rows);
        }

        images = (images + randn(images.shape, generator: random) * 0.3f).clamp(-1, 1);
        return new TensorDataset(images, labels, classes);
    }
}
