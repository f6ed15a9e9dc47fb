using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// A cheap identity of a data set for cache keys: its size, sample shape, class count and the bytes of 64 evenly spaced
/// samples and their labels. Two different data sets of one shape almost surely differ in one of those samples.
/// </summary>
internal static class DatasetFingerprint
{
    public const int ProbeCount = 64;

    public static string Compute(Data.IGanDataset dataset, long count)
    {
        using var scope = NewDisposeScope();
        int probes = (int)Math.Min(ProbeCount, count);
        var indices = Enumerable.Range(0, probes).Select(i => (long)((double)i * count / probes)).ToArray();
        using var batch = dataset.GetBatch(indices);
        var text = $"n={count};shape={string.Join("x", dataset.SampleShape)};classes={dataset.ClassCount};";
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(text));
        sha.AppendData(BytesOf(batch.Samples.contiguous().to(ScalarType.Float32)));
        if (batch.Labels is { } labels) sha.AppendData(BytesOf(labels.contiguous().to(ScalarType.Int64)));
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    private static byte[] BytesOf(Tensor t) => t.bytes.ToArray();
}
