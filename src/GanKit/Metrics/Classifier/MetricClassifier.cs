using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using GanKit.Data;
using GanKit.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// A small CNN classifier trained by GanKit on a labelled image data set (e.g. Fashion-MNIST) with a fixed seed: its
/// penultimate layer is a domain-specific feature space for FID, KID and precision/recall (see <see cref="AsFeatureSpace"/>),
/// and its predictions give the class statistics of generated images (<see cref="ClassDistribution"/>). Trained weights are
/// cached on disk under the hash of the recipe and of the data set, written atomically; a corrupted or foreign cache file is
/// ignored and the classifier is trained again.
/// </summary>
public sealed class MetricClassifier : IDisposable
{
    private const int InferenceBatch = 512;
    private readonly ClassifierNetwork _network;

    private MetricClassifier(ClassifierNetwork network, MetricClassifierRecipe recipe, string hash, IReadOnlyList<long> sampleShape,
        int classCount, bool fromCache, TimeSpan trainingTime, string? cachePath)
    {
        _network = network;
        Recipe = recipe;
        RecipeHash = hash;
        SampleShape = sampleShape;
        ClassCount = classCount;
        LoadedFromCache = fromCache;
        TrainingTime = trainingTime;
        CachePath = cachePath;
        _network.eval();
        foreach (var p in _network.parameters()) p.requires_grad_(false);
    }

    /// <summary>
    /// The cache folder used when none is given: <c>$GANKIT_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/gankit</c>, else
    /// <c>~/.cache/gankit</c>; classifiers live in its <c>classifiers</c> sub-folder.
    /// </summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("GANKIT_CACHE_DIR");
            if (string.IsNullOrWhiteSpace(root))
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                root = !string.IsNullOrWhiteSpace(xdg)
                    ? Path.Combine(xdg, "gankit")
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "gankit");
            }

            return Path.Combine(root, "classifiers");
        }
    }

    /// <summary>The recipe it was trained with.</summary>
    public MetricClassifierRecipe Recipe { get; }

    /// <summary>The hash of the recipe and the training data (16 hex digits) that names the cache file.</summary>
    public string RecipeHash { get; }

    /// <summary>The shape of one input image <c>[C,H,W]</c>.</summary>
    public IReadOnlyList<long> SampleShape { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The length of <see cref="Features"/>' vectors.</summary>
    public int FeatureSize => Recipe.FeatureSize;

    /// <summary>Whether the weights came from the cache (no training ran).</summary>
    public bool LoadedFromCache { get; }

    /// <summary>How long training took in this process (zero when loaded from the cache).</summary>
    public TimeSpan TrainingTime { get; }

    /// <summary>The cache file, or null when caching was off.</summary>
    public string? CachePath { get; }

    /// <summary>
    /// Loads the classifier for <paramref name="trainingData"/> and <paramref name="recipe"/> from the cache, or trains and caches it.
    /// </summary>
    /// <param name="trainingData">Labelled images <c>[C,H,W]</c> in [-1, 1] with H, W ≥ 4.</param>
    /// <param name="recipe">The recipe; null means the defaults.</param>
    /// <param name="cacheDirectory">Where cached classifiers live; null means <see cref="DefaultCacheDirectory"/>.</param>
    /// <param name="logger">Receives cache and training messages.</param>
    /// <param name="progress">Receives training progress.</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    /// <returns>The classifier (evaluation mode, CPU).</returns>
    /// <exception cref="MetricInputException">The data set is unlabelled or not images.</exception>
    public static MetricClassifier LoadOrTrain(IGanDataset trainingData, MetricClassifierRecipe? recipe = null, string? cacheDirectory = null,
        ILogger? logger = null, IProgress<ClassifierTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        recipe ??= new MetricClassifierRecipe();
        logger ??= NullLogger.Instance;
        var (classes, count) = Check(trainingData, recipe);
        string hash = ComputeRecipeHash(trainingData, recipe);
        string path = Path.Combine(cacheDirectory ?? DefaultCacheDirectory, $"classifier-{hash}.bin");
        var weights = ClassifierCacheFile.TryRead(path, hash, out var problem);
        if (weights is not null)
        {
            var network = new ClassifierNetwork(trainingData.SampleShape, classes, recipe);
            try
            {
                using var stream = new MemoryStream(weights);
                network.load(stream, strict: true);
                MetricClassifierLog.Loaded(logger, hash, path);
                return new MetricClassifier(network, recipe, hash, trainingData.SampleShape.ToArray(), classes, true, TimeSpan.Zero, path);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                network.Dispose();
                problem = $"its weights do not fit the network ({ex.Message})";
            }
        }

        if (problem is not null) MetricClassifierLog.CacheRejected(logger, path, problem);
        var trained = TrainNetwork(trainingData, recipe, classes, count, hash, logger, progress, cancellationToken, out var elapsed);
        using (var stream = new MemoryStream())
        {
            trained.save(stream);
            ClassifierCacheFile.Write(path, hash, stream.ToArray());
        }

        MetricClassifierLog.Trained(logger, hash, elapsed, path);
        return new MetricClassifier(trained, recipe, hash, trainingData.SampleShape.ToArray(), classes, false, elapsed, path);
    }

    /// <summary>Trains a classifier without touching any cache.</summary>
    /// <param name="trainingData">Labelled images in [-1, 1].</param>
    /// <param name="recipe">The recipe; null means the defaults.</param>
    /// <param name="logger">Receives training messages.</param>
    /// <param name="progress">Receives training progress.</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    /// <returns>The classifier.</returns>
    public static MetricClassifier Train(IGanDataset trainingData, MetricClassifierRecipe? recipe = null, ILogger? logger = null,
        IProgress<ClassifierTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        recipe ??= new MetricClassifierRecipe();
        logger ??= NullLogger.Instance;
        var (classes, count) = Check(trainingData, recipe);
        string hash = ComputeRecipeHash(trainingData, recipe);
        var network = TrainNetwork(trainingData, recipe, classes, count, hash, logger, progress, cancellationToken, out var elapsed);
        MetricClassifierLog.Trained(logger, hash, elapsed, null);
        return new MetricClassifier(network, recipe, hash, trainingData.SampleShape.ToArray(), classes, false, elapsed, null);
    }

    /// <summary>The hash that names a classifier's cache file: SHA-256 of the recipe and the data set's fingerprint, 16 hex digits.</summary>
    /// <param name="trainingData">The training data.</param>
    /// <param name="recipe">The recipe.</param>
    /// <returns>The hash.</returns>
    public static string ComputeRecipeHash(IGanDataset trainingData, MetricClassifierRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        ArgumentNullException.ThrowIfNull(recipe);
        TorchRuntime.EnsureLoaded();
        long count = Math.Min(trainingData.Count, recipe.MaxTrainingSamples ?? long.MaxValue);
        var text = recipe + ";data=" + DatasetFingerprint.Compute(trainingData, count);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
    }

    /// <summary>Penultimate-layer features of images.</summary>
    /// <param name="images"><c>[N,C,H,W]</c> in [-1, 1] (as data sets and generators produce them).</param>
    /// <returns><c>[N, FeatureSize]</c> float32 on the CPU.</returns>
    public Tensor Features(Tensor images) => Batched(images, x => _network.Features(x));

    /// <summary>Predicted classes of images.</summary>
    /// <param name="images"><c>[N,C,H,W]</c> in [-1, 1].</param>
    /// <returns><c>[N]</c> int64 class indices.</returns>
    public Tensor Predict(Tensor images) => Batched(images, x => _network.forward(x).argmax(1));

    /// <summary>The fraction of a labelled data set classified correctly (e.g. the Fashion-MNIST test split).</summary>
    /// <param name="data">Labelled images of the same shape.</param>
    /// <returns>The accuracy in [0, 1].</returns>
    public double Accuracy(IGanDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ClassCount is null) throw new MetricInputException("Accuracy needs a labelled data set.");
        long correct = 0;
        for (long start = 0; start < data.Count; start += InferenceBatch)
        {
            using var scope = NewDisposeScope();
            var indices = Enumerable.Range(0, (int)Math.Min(InferenceBatch, data.Count - start)).Select(i => start + i).ToArray();
            using var batch = data.GetBatch(indices);
            correct += Predict(batch.Samples).eq(batch.Labels!).sum().item<long>();
        }

        return (double)correct / data.Count;
    }

    /// <summary>The classifier's penultimate layer as a feature space for <see cref="FrechetDistance"/>, KID and precision/recall.</summary>
    /// <returns>A feature space that uses (but does not own) this classifier.</returns>
    public IFeatureSpace AsFeatureSpace() => new ClassifierFeatureSpace(this);

    /// <summary>Disposes the network.</summary>
    public void Dispose() => _network.Dispose();

    private Tensor Batched(Tensor images, Func<Tensor, Tensor> run)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || !images.shape.Skip(1).SequenceEqual(SampleShape))
            throw new MetricInputException($"The classifier takes images [N, {string.Join(", ", SampleShape)}]; got [{string.Join(", ", images.shape)}].");
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var input = images.detach().to(CPU).to(ScalarType.Float32);
        var parts = new List<Tensor>();
        for (long start = 0; start < input.shape[0]; start += InferenceBatch)
            parts.Add(run(input.narrow(0, start, Math.Min(InferenceBatch, input.shape[0] - start))));
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    private static (int Classes, long Count) Check(IGanDataset data, MetricClassifierRecipe recipe)
    {
        recipe.Validate();
        TorchRuntime.EnsureLoaded();
        if (data.ClassCount is not { } classes || classes < 2)
            throw new MetricInputException("A metric classifier needs a labelled data set with at least 2 classes.");
        if (data.SampleShape.Count != 3 || data.SampleShape[1] < 4 || data.SampleShape[2] < 4)
            throw new MetricInputException($"A metric classifier needs images [C,H,W] of at least 4×4 pixels; the data set's samples are [{string.Join(",", data.SampleShape)}].");
        return (classes, Math.Min(data.Count, recipe.MaxTrainingSamples ?? long.MaxValue));
    }

    /// <summary>The learning rate at <paramref name="step"/> of a half cosine from <paramref name="initial"/> down to 0 at <paramref name="totalSteps"/>.</summary>
    internal static double CosineLearningRate(double initial, int step, int totalSteps) =>
        initial * 0.5 * (1 + Math.Cos(Math.PI * step / Math.Max(1, totalSteps)));

    /// <summary>Mirrors each image left–right with probability ½.</summary>
    private static Tensor FlipHalf(Tensor images, TorchSharp.torch.Generator random)
    {
        var mask = rand(images.shape[0], generator: random).lt(0.5).reshape(-1, 1, 1, 1);
        return where(mask, images.flip(3), images);
    }

    private static ClassifierNetwork TrainNetwork(IGanDataset data, MetricClassifierRecipe recipe, int classes, long count, string hash,
        ILogger logger, IProgress<ClassifierTrainingProgress>? progress, CancellationToken cancellationToken, out TimeSpan elapsed)
    {
        var clock = Stopwatch.StartNew();
        int stepsPerEpoch = (int)((count + recipe.BatchSize - 1) / recipe.BatchSize);
        int totalSteps = Math.Min(stepsPerEpoch * recipe.Epochs, recipe.MaxSteps ?? int.MaxValue);
        MetricClassifierLog.Training(logger, hash, recipe.ToString(), count, totalSteps);

        var network = new ClassifierNetwork(data.SampleShape, classes, recipe);
        try
        {
            using (var init = Seeding.CreateGenerator(recipe.Seed, "classifier-init")) Models.Initialization.WeightInitialization.Reset(network, init);
            network.train();
            using var optimizer = optim.Adam(network.parameters(), recipe.LearningRate);
            using var random = Seeding.CreateGenerator(recipe.Seed, "classifier-batches");
            using var flips = Seeding.CreateGenerator(recipe.Seed, "classifier-flips");
            using var dropout = Seeding.CreateGenerator(recipe.Seed, "classifier-dropout");
            network.DropoutRandom = dropout;
            int step = 0;
            for (int epoch = 0; epoch < recipe.Epochs && step < totalSteps; epoch++)
            {
                long[] order;
                using (var perm = randperm(count, generator: random)) order = perm.data<long>().ToArray();
                for (int b = 0; b < stepsPerEpoch && step < totalSteps; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var indices = order.AsSpan(b * recipe.BatchSize, (int)Math.Min(recipe.BatchSize, count - (long)b * recipe.BatchSize));
                    using var batch = data.GetBatch(indices);
                    var images = recipe.HorizontalFlips ? FlipHalf(batch.Samples, flips) : batch.Samples;
                    if (recipe.CosineDecay)
                        foreach (var group in optimizer.ParamGroups) group.LearningRate = CosineLearningRate(recipe.LearningRate, step, totalSteps);
                    var loss = nn.functional.cross_entropy(network.forward(images), batch.Labels!);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    step++;
                    if (progress is not null && (step % 50 == 0 || step == totalSteps))
                        progress.Report(new ClassifierTrainingProgress(step, totalSteps, loss.item<float>(), clock.Elapsed));
                }
            }

            network.eval();
            network.DropoutRandom = null;
            elapsed = clock.Elapsed;
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
