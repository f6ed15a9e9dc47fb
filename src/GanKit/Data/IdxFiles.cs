using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Data;

/// <summary>Loads MNIST-format (IDX) image and label files, such as Fashion-MNIST, as a <see cref="InMemoryDataset"/>.</summary>
public static class IdxFiles
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs Fashion-MNIST.</summary>
    public const string DebianFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The Fashion-MNIST class names, by label.</summary>
    public static IReadOnlyList<string> FashionMnistClasses { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads an IDX image file (<c>[N,H,W]</c> or <c>[N,C,H,W]</c> bytes) and optionally its labels.</summary>
    /// <param name="imagesPath">The images file, plain or gzip.</param>
    /// <param name="labelsPath">The labels file (<c>[N]</c> bytes), or null.</param>
    /// <param name="maxSamples">Keep only the first this many samples, or all when null.</param>
    /// <returns>A data set whose batches are <c>[N,C,H,W]</c> in [-1, 1].</returns>
    /// <exception cref="InvalidDatasetException">A file is missing, corrupt, or the two files disagree.</exception>
    public static InMemoryDataset Load(string imagesPath, string? labelsPath = null, int? maxSamples = null)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        if (maxSamples is < 1) throw new ArgumentOutOfRangeException(nameof(maxSamples), maxSamples, "maxSamples must be at least 1.");
        TorchRuntime.EnsureLoaded();
        var (dims, pixels) = IdxFile.Read(imagesPath);
        if (dims.Length is not (3 or 4))
            throw new InvalidDatasetException(imagesPath, $"an image file has 3 or 4 dimensions ([N,H,W] or [N,C,H,W]); this one has {dims.Length}.");
        long[] shape = dims.Length == 3 ? [dims[0], 1, dims[1], dims[2]] : [dims[0], dims[1], dims[2], dims[3]];

        byte[]? labelBytes = null;
        if (labelsPath is not null)
        {
            var (labelDims, labels) = IdxFile.Read(labelsPath);
            if (labelDims.Length != 1) throw new InvalidDatasetException(labelsPath, $"a label file has one dimension; this one has {labelDims.Length}.");
            if (labelDims[0] != dims[0])
                throw new InvalidDatasetException(labelsPath, $"it holds {labelDims[0]:N0} labels but '{imagesPath}' holds {dims[0]:N0} images.");
            labelBytes = labels;
        }

        long n = Math.Min(shape[0], maxSamples ?? long.MaxValue);
        using var scope = NewDisposeScope();
        var images = tensor(pixels, shape, ScalarType.Byte);
        if (n < shape[0]) images = images[..(int)n].clone();
        Tensor? labelTensor = null;
        if (labelBytes is not null)
        {
            labelTensor = tensor(labelBytes, ScalarType.Byte).to(ScalarType.Int64);
            if (n < shape[0]) labelTensor = labelTensor[..(int)n].clone();
        }

        int? classCount = labelTensor is null ? null : (int)labelTensor.max().item<long>() + 1;
        var dataset = new InMemoryDataset(images.MoveToOuterDisposeScope(), labelTensor?.MoveToOuterDisposeScope(), classCount, ownsTensors: true);
        return dataset;
    }

    /// <summary>Loads Fashion-MNIST from a folder holding the four standard <c>*-idx*-ubyte.gz</c> files.</summary>
    /// <param name="directory">The folder; Debian's package location when null.</param>
    /// <param name="train">The 60,000-image training split when true, the 10,000-image test split when false.</param>
    /// <param name="maxSamples">Keep only the first this many samples, or all when null.</param>
    /// <returns>A labelled data set of <c>[1,28,28]</c> images with 10 classes.</returns>
    /// <exception cref="InvalidDatasetException">The files are missing or corrupt.</exception>
    public static InMemoryDataset LoadFashionMnist(string? directory = null, bool train = true, int? maxSamples = null)
    {
        directory ??= DebianFashionMnistDirectory;
        var prefix = train ? "train" : "t10k";
        var images = FindFile(directory, $"{prefix}-images-idx3-ubyte");
        var labels = FindFile(directory, $"{prefix}-labels-idx1-ubyte");
        return Load(images, labels, maxSamples);
    }

    private static string FindFile(string directory, string stem)
    {
        foreach (var candidate in new[] { stem + ".gz", stem })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }

        throw new InvalidDatasetException(Path.Combine(directory, stem + ".gz"),
            "the file does not exist. On Debian, 'apt-get install dataset-fashion-mnist' installs Fashion-MNIST into " + DebianFashionMnistDirectory + ".");
    }
}
