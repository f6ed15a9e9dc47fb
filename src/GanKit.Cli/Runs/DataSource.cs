using GanKit.Cli.Hosting;
using GanKit.Data;
using GanKit.Imaging;
using TorchSharp;

namespace GanKit.Cli.Runs;

/// <summary>
/// The --data flag: <c>ring8</c>, <c>grid25</c>, <c>fashion-mnist[:DIR]</c>, <c>idx:IMAGES.gz[,LABELS.gz]</c> or
/// <c>folder:DIR</c>. It knows whether it yields 2D points or images, and the mixture behind 2D points.
/// </summary>
internal sealed record DataSource(string Spec)
{
    public static DataSource Parse(string spec)
    {
        var source = new DataSource(spec.Trim());
        _ = source.Kind; // validates
        return source;
    }

    public string Kind => Spec.ToLowerInvariant() switch
    {
        "ring8" or "grid25" => "mixture",
        "fashion-mnist" => "idx",
        _ when Spec.StartsWith("fashion-mnist:", StringComparison.OrdinalIgnoreCase) => "idx",
        _ when Spec.StartsWith("idx:", StringComparison.OrdinalIgnoreCase) => "idx",
        _ when Spec.StartsWith("folder:", StringComparison.OrdinalIgnoreCase) => "folder",
        _ => throw new UserErrorException($"--data '{Spec}' is not one of ring8, grid25, fashion-mnist[:DIR], idx:IMAGES[,LABELS], folder:DIR."),
    };

    public GaussianMixture? Mixture => Spec.ToLowerInvariant() switch
    {
        "ring8" => GaussianMixture.Ring8,
        "grid25" => GaussianMixture.Grid25,
        _ => null,
    };

    /// <summary>
    /// Loads the data; images are brought to <paramref name="imageSize"/> when it is given (folders need it; IDX images
    /// are resized in memory, e.g. Fashion-MNIST to 64 px for the multi-scale models).
    /// </summary>
    public InMemoryDataset Load(long seed, int? imageSize, int channels = 3, int? maxSamples = null)
    {
        if (Mixture is { } mixture) return mixture.CreateDataset(100_000, seed);
        if (Kind == "idx") return ResizedIdx(LoadIdx(maxSamples), imageSize);

        var size = imageSize ?? throw new UserErrorException("--data folder:DIR needs --image-size.");
        var (dataset, _) = ImageFolders.Load(Spec[7..], size, size,
            channels == 1 ? ImageColorMode.Grayscale : ImageColorMode.Rgb, skipUnreadable: true);
        return dataset;
    }

    private InMemoryDataset LoadIdx(int? maxSamples)
    {
        if (Spec.Equals("fashion-mnist", StringComparison.OrdinalIgnoreCase)) return IdxFiles.LoadFashionMnist(maxSamples: maxSamples);
        if (Spec.StartsWith("fashion-mnist:", StringComparison.OrdinalIgnoreCase))
            return IdxFiles.LoadFashionMnist(Spec["fashion-mnist:".Length..], maxSamples: maxSamples);
        var parts = Spec[4..].Split(',', 2);
        return IdxFiles.Load(parts[0], parts.Length > 1 ? parts[1] : null, maxSamples);
    }

    // Square images only: IDX sets are square, and the square sizes are what every architecture accepts.
    private static InMemoryDataset ResizedIdx(InMemoryDataset data, int? imageSize)
    {
        if (imageSize is not { } size || (data.SampleShape[^1] == size && data.SampleShape[^2] == size)) return data;
        using (data)
        {
            var all = Enumerable.Range(0, (int)data.Count).Select(i => (long)i).ToArray();
            // Detached: the data set owns them, whatever dispose scope the caller is in.
            var images = torch.empty([data.Count, data.SampleShape[0], size, size], torch.ScalarType.Byte).DetachFromDisposeScope();
            var labels = data.ClassCount is null ? null : torch.empty([data.Count], torch.ScalarType.Int64).DetachFromDisposeScope();
            const int chunk = 1000;
            for (int start = 0; start < all.Length; start += chunk)
            {
                using var scope = torch.NewDisposeScope();
                using var batch = data.GetBatch(all.AsSpan(start, Math.Min(chunk, all.Length - start)));
                var resized = ImageTransforms.Resize(batch.Samples, size, size);
                images[torch.TensorIndex.Slice(start, start + batch.Samples.shape[0])] = resized.add(1).mul(127.5).round().clamp(0, 255).to(torch.ScalarType.Byte);
                if (labels is not null && batch.Labels is { } l) labels[torch.TensorIndex.Slice(start, start + l.shape[0])] = l;
            }

            return new InMemoryDataset(images, labels, data.ClassCount, ownsTensors: true);
        }
    }
}
