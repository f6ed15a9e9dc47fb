using GanKit.Cli.Hosting;
using GanKit.Data;
using GanKit.Imaging;

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

    /// <summary>Loads the data; images are brought to <paramref name="imageSize"/> when it is given (folders need it).</summary>
    public InMemoryDataset Load(long seed, int? imageSize, int channels = 3, int? maxSamples = null)
    {
        if (Mixture is { } mixture) return mixture.CreateDataset(100_000, seed);
        if (Spec.Equals("fashion-mnist", StringComparison.OrdinalIgnoreCase)) return IdxFiles.LoadFashionMnist(maxSamples: maxSamples);
        if (Spec.StartsWith("fashion-mnist:", StringComparison.OrdinalIgnoreCase))
            return IdxFiles.LoadFashionMnist(Spec["fashion-mnist:".Length..], maxSamples: maxSamples);
        if (Spec.StartsWith("idx:", StringComparison.OrdinalIgnoreCase))
        {
            var parts = Spec[4..].Split(',', 2);
            return IdxFiles.Load(parts[0], parts.Length > 1 ? parts[1] : null, maxSamples);
        }

        var size = imageSize ?? throw new UserErrorException("--data folder:DIR needs --image-size.");
        var (dataset, _) = ImageFolders.Load(Spec[7..], size, size,
            channels == 1 ? ImageColorMode.Grayscale : ImageColorMode.Rgb, skipUnreadable: true);
        return dataset;
    }
}
