using GanKit.Imaging;
using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Data;

/// <summary>
/// A folder of images decoded on demand, for folders larger than memory: opening it lists the files (and classes, as
/// <see cref="ImageFolders"/> does); every batch decodes its files and fits them with the
/// <see cref="ImagePipeline"/>. An optional least-recently-used cache keeps up to a byte budget of fitted images, so a
/// folder that fits in the budget is decoded once and a larger one costs at most the budget. Batches are a function of
/// their indices only, so seeded training and exact resume work as with in-memory data.
/// </summary>
public sealed class LazyImageFolderDataset : IGanDataset
{
    private readonly ImageFolderScan _scan;
    private readonly Dictionary<long, LinkedListNode<(long Index, byte[] Pixels)>> _cache = [];
    private readonly LinkedList<(long Index, byte[] Pixels)> _recent = new();

    private LazyImageFolderDataset(ImageFolderScan scan, ImagePipeline pipeline, long cacheBytes)
    {
        _scan = scan;
        Pipeline = pipeline;
        CacheBudget = cacheBytes;
        SampleShape = pipeline.SampleShape;
    }

    /// <summary>Lists a folder's images; nothing is decoded yet.</summary>
    /// <param name="directory">The root folder (sub-folders are classes when every image lies in one).</param>
    /// <param name="pipeline">How each file is brought to the sample size.</param>
    /// <param name="cacheBytes">Bytes of fitted images to keep between batches (0 = decode every time).</param>
    /// <param name="skipUnreadable">
    /// Read every file's header now and leave out files that are not images (costs one read per file); otherwise a bad
    /// file fails the batch that needs it with <see cref="InvalidImageException"/>.
    /// </param>
    /// <returns>The data set.</returns>
    /// <exception cref="InvalidDatasetException">The folder does not exist or holds no (readable) images.</exception>
    public static LazyImageFolderDataset Open(string directory, ImagePipeline pipeline, long cacheBytes = 0, bool skipUnreadable = false)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (pipeline.Height < 1 || pipeline.Width < 1)
            throw new ArgumentOutOfRangeException(nameof(pipeline), $"The pipeline's size must be at least 1×1; got {pipeline.Height}×{pipeline.Width}.");
        ArgumentOutOfRangeException.ThrowIfNegative(cacheBytes);
        TorchRuntime.EnsureLoaded();
        var scan = ImageFolderScan.Scan(directory);
        if (skipUnreadable)
        {
            var keep = Enumerable.Range(0, scan.Files.Count).Where(i => Readable(scan.Files[i], pipeline.LoadOptions)).ToList();
            if (keep.Count == 0) throw new InvalidDatasetException(directory, "none of its image files could be read.");
            scan = scan with { Files = keep.Select(i => scan.Files[i]).ToArray(), Labels = scan.Labels is null ? null : keep.Select(i => scan.Labels[i]).ToArray() };
        }

        return new LazyImageFolderDataset(scan, pipeline, cacheBytes);
    }

    /// <summary>How each file becomes a sample.</summary>
    public ImagePipeline Pipeline { get; }

    /// <summary>The image files, in sample order.</summary>
    public IReadOnlyList<string> Files => _scan.Files;

    /// <summary>The class names (sub-folders) when labelled, otherwise empty.</summary>
    public IReadOnlyList<string> ClassNames => _scan.ClassNames;

    /// <summary>The cache's byte budget.</summary>
    public long CacheBudget { get; }

    /// <summary>Bytes of fitted images held in the cache now (at most <see cref="CacheBudget"/>).</summary>
    public long CachedBytes { get; private set; }

    /// <summary>How many files have been decoded so far (cache hits excluded).</summary>
    public long Decoded { get; private set; }

    /// <inheritdoc />
    public long Count => _scan.Files.Count;

    /// <inheritdoc />
    public IReadOnlyList<long> SampleShape { get; }

    /// <inheritdoc />
    public int? ClassCount => _scan.Labels is null ? null : _scan.ClassNames.Count;

    /// <inheritdoc />
    /// <exception cref="InvalidImageException">A file of the batch is not a valid image (any more).</exception>
    public DataBatch GetBatch(ReadOnlySpan<long> indices)
    {
        long sampleBytes = Pipeline.SampleBytes;
        var pixels = new byte[indices.Length * sampleBytes];
        var labels = _scan.Labels is null ? null : new long[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            long index = indices[i];
            if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(indices), index, $"Index outside [0, {Count}).");
            Fitted(index).CopyTo(pixels, i * sampleBytes);
            if (labels is not null) labels[i] = _scan.Labels![(int)index];
        }

        using var scope = NewDisposeScope();
        var samples = tensor(pixels, ScalarType.Byte).view([indices.Length, .. SampleShape]).to(ScalarType.Float32).div_(127.5f).sub_(1f);
        var labelTensor = labels is null ? null : tensor(labels, ScalarType.Int64);
        return new DataBatch(samples.MoveToOuterDisposeScope(), labelTensor?.MoveToOuterDisposeScope());
    }

    private byte[] Fitted(long index)
    {
        if (_cache.TryGetValue(index, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value.Pixels;
        }

        var pixels = Pipeline.Apply(_scan.Files[(int)index]);
        Decoded++;
        if (pixels.LongLength > CacheBudget) return pixels;
        while (CachedBytes + pixels.LongLength > CacheBudget && _recent.Last is { } oldest)
        {
            _recent.RemoveLast();
            _cache.Remove(oldest.Value.Index);
            CachedBytes -= oldest.Value.Pixels.LongLength;
        }

        _cache[index] = _recent.AddFirst((index, pixels));
        CachedBytes += pixels.LongLength;
        return pixels;
    }

    private static bool Readable(string file, ImageLoadOptions? options)
    {
        try
        {
            ImageReader.ReadInfo(file, options);
            return true;
        }
        catch (InvalidImageException)
        {
            return false;
        }
    }
}
