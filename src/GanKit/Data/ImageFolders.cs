using GanKit.Imaging;
using static TorchSharp.torch;

namespace GanKit.Data;

/// <summary>
/// Loads every image under a folder (recursively), resized and center-cropped to one size. When the folder has
/// sub-folders holding images, each sub-folder is a class (sorted by name) and samples are labelled.
/// Images are decoded once and kept in memory as 8-bit values at the target size; for folders larger than memory use
/// <see cref="LazyImageFolderDataset"/>.
/// </summary>
public static class ImageFolders
{
    /// <summary>Loads a folder of images.</summary>
    /// <param name="directory">The root folder.</param>
    /// <param name="height">The height every image is brought to.</param>
    /// <param name="width">The width every image is brought to.</param>
    /// <param name="colorMode">RGB or grayscale (Auto is treated as RGB so every sample has the same channels).</param>
    /// <param name="loadOptions">Limits for each file.</param>
    /// <param name="skipUnreadable">Skip files that are not valid images instead of failing.</param>
    /// <returns>The data set, with class names when labelled.</returns>
    /// <exception cref="InvalidDatasetException">The folder does not exist or holds no images.</exception>
    /// <exception cref="InvalidImageException">A file is not a valid image and <paramref name="skipUnreadable"/> is false.</exception>
    public static (InMemoryDataset Dataset, IReadOnlyList<string> ClassNames) Load(string directory, int height, int width,
        ImageColorMode colorMode = ImageColorMode.Rgb, ImageLoadOptions? loadOptions = null, bool skipUnreadable = false)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"Size must be at least 1×1; got {height}×{width}.");
        var scan = ImageFolderScan.Scan(directory);
        var files = scan.Files;
        bool labelled = scan.Labels is not null;
        var classDirs = scan.ClassNames;

        var options = (loadOptions ?? ImageLoadOptions.Default) with
        {
            ColorMode = colorMode == ImageColorMode.Grayscale ? ImageColorMode.Grayscale : ImageColorMode.Rgb,
        };
        int channels = options.ColorMode == ImageColorMode.Grayscale ? 1 : 3;

        var samples = new List<Tensor>();
        var labels = new List<long>();
        using var scope = NewDisposeScope();
        for (int f = 0; f < files.Count; f++)
        {
            var file = files[f];
            Tensor image;
            try
            {
                image = ImageReader.Load(file, options);
            }
            catch (InvalidImageException) when (skipUnreadable)
            {
                continue;
            }

            var fitted = ImageTransforms.ResizeAndCenterCrop(image, height, width);
            samples.Add(fitted.mul(255f).round_().clamp_(0, 255).to(ScalarType.Byte));
            if (labelled) labels.Add(scan.Labels![f]);
        }

        if (samples.Count == 0) throw new InvalidDatasetException(directory, "none of its image files could be read.");
        var stacked = stack(samples).view(samples.Count, channels, height, width).MoveToOuterDisposeScope();
        var labelTensor = labelled ? tensor(labels.ToArray()).MoveToOuterDisposeScope() : null;
        return (new InMemoryDataset(stacked, labelTensor, labelled ? classDirs.Count : null, ownsTensors: true), labelled ? classDirs : []);
    }
}
