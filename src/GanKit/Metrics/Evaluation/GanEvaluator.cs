using System.Diagnostics;
using GanKit.Data;
using GanKit.Features;
using GanKit.IO;
using GanKit.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Metrics;

/// <summary>
/// Evaluates generators against one real data set with the metrics that fit it: mode coverage for 2D mixtures; FID, KID,
/// precision/recall and density/coverage in one or more feature spaces for images, plus class coverage and class KL when a
/// classifier is available. The real data is embedded once (on the first evaluation) and reused, so an evaluator can be
/// called every N training steps (<see cref="TrainerEvaluationExtensions.EvaluateEvery"/>). Generated samples are produced,
/// embedded and dropped batch by batch: only feature statistics and at most <see cref="EvaluationOptions.ManifoldSampleCount"/>
/// feature vectors per space stay in memory. Not thread-safe.
/// </summary>
public sealed class GanEvaluator : IDisposable
{
    private readonly IGanDataset? _reference;
    private readonly GaussianMixture? _mixture;
    private readonly IReadOnlyList<IFeatureSpace> _spaces;
    private readonly MetricClassifier? _classifier;
    private readonly List<IDisposable> _owned;
    private readonly EvaluationOptions _options;
    private readonly ILogger _logger;
    private ReferenceFeatures[]? _referenceFeatures;
    private long[] _spareIndices = [];
    private (long Count, ReferenceFeatures[]? Features)? _floor;

    private GanEvaluator(IGanDataset? reference, GaussianMixture? mixture, IReadOnlyList<IFeatureSpace> spaces, MetricClassifier? classifier,
        EvaluationOptions options, List<IDisposable> owned)
    {
        _reference = reference;
        _mixture = mixture;
        _spaces = spaces;
        _classifier = classifier;
        _options = options;
        _owned = owned;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<GanEvaluator>();
    }

    /// <summary>The sample shape generators must produce.</summary>
    public IReadOnlyList<long> SampleShape => _mixture is not null ? [2L] : _reference!.SampleShape;

    /// <summary>The feature spaces image metrics are computed in, in report order (empty for mixtures).</summary>
    public IReadOnlyList<IFeatureSpace> FeatureSpaces => _spaces;

    /// <summary>The classifier behind class coverage and class KL, or null.</summary>
    public MetricClassifier? Classifier => _classifier;

    /// <summary>The mixture for 2D evaluation, or null for images.</summary>
    public GaussianMixture? Mixture => _mixture;

    /// <summary>An evaluator for generators of 2D points from <paramref name="mixture"/> (VEEGAN / PacGAN protocol).</summary>
    /// <param name="mixture">The mixture.</param>
    /// <param name="options">Sample count and seed; null means the defaults.</param>
    /// <returns>The evaluator.</returns>
    /// <exception cref="ArgumentException"><see cref="EvaluationOptions.FeatureDirectory"/> is set: mode coverage has no feature matrices to save.</exception>
    public static GanEvaluator ForMixture(GaussianMixture mixture, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        options ??= new EvaluationOptions();
        options.Validate();
        if (options.FeatureDirectory is not null)
            throw new ArgumentException("2D mixtures are evaluated by mode coverage, which uses no feature space, so there are no feature " +
                                        "matrices to save; leave FeatureDirectory null.", nameof(options));
        return new GanEvaluator(null, mixture, [], null, options, []);
    }

    /// <summary>An evaluator for image generators in the given feature spaces (none of which it disposes).</summary>
    /// <param name="reference">Real images <c>[C,H,W]</c> in [-1, 1].</param>
    /// <param name="featureSpaces">At least one feature space, or none when only class statistics are wanted.</param>
    /// <param name="classifier">A classifier for class coverage and class KL, or null.</param>
    /// <param name="options">Counts and seeds; null means the defaults.</param>
    /// <returns>The evaluator.</returns>
    public static GanEvaluator ForImages(IGanDataset reference, IReadOnlyList<IFeatureSpace> featureSpaces, MetricClassifier? classifier = null,
        EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(featureSpaces);
        options ??= new EvaluationOptions();
        options.Validate();
        if (featureSpaces.Count == 0 && classifier is null)
            throw new MetricInputException("An image evaluator needs at least one feature space or a classifier.");
        if (classifier is not null && !classifier.SampleShape.SequenceEqual(reference.SampleShape))
            throw new MetricInputException(
                $"The classifier takes [{string.Join(",", classifier.SampleShape)}] images but the data set holds [{string.Join(",", reference.SampleShape)}].");
        return new GanEvaluator(reference, null, featureSpaces.ToArray(), classifier, options, []);
    }

    /// <summary>
    /// An evaluator that picks the metrics that fit <paramref name="data"/>. 2D vectors: the mixture of
    /// <see cref="EvaluationOptions.Mixture"/>, else ring-8 or grid-25 recognised from the data. Images: the feature spaces and
    /// classifier of the options when given; otherwise the pooled features of <see cref="EvaluationOptions.PretrainedNetwork"/>
    /// (e.g. ImageNet ResNet18 from the GanKit.Features package, when set and its model file is found) and, for labelled
    /// data when <see cref="EvaluationOptions.UseClassifier"/> opts in, a <see cref="MetricClassifier"/> trained on
    /// <paramref name="data"/> (cached only in <see cref="EvaluationOptions.ClassifierCacheDirectory"/>, when given; its
    /// features form a second space, its predictions give the class statistics).
    /// </summary>
    /// <param name="data">The real data.</param>
    /// <param name="options">The options; null means the defaults.</param>
    /// <param name="cancellationToken">Stops classifier training.</param>
    /// <returns>The evaluator; it disposes the networks it created.</returns>
    /// <exception cref="MetricInputException">The data fits no metric (e.g. unknown 2D data, or unlabelled images without a pretrained network).</exception>
    /// <exception cref="ArgumentException">The data is a 2D mixture and <see cref="EvaluationOptions.FeatureDirectory"/> is set (see <see cref="ForMixture"/>).</exception>
    public static GanEvaluator ForDataset(IGanDataset data, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new EvaluationOptions();
        options.Validate();
        TorchRuntime.EnsureLoaded();
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<GanEvaluator>();
        if (data.SampleShape.Count == 1)
        {
            if (data.SampleShape[0] != 2) throw new MetricInputException($"Vector data of length {data.SampleShape[0]} has no metric; 2D mixtures are supported.");
            var mixture = options.Mixture ?? MixtureDetection.Detect(data);
            EvaluationLog.MixtureDetected(logger, mixture.Name);
            return ForMixture(mixture, options);
        }

        var owned = new List<IDisposable>();
        try
        {
            var spaces = options.FeatureSpaces?.ToList() ?? [];
            var classifier = options.Classifier;
            if (options.FeatureSpaces is null)
            {
                if (options.PretrainedNetwork is { } pretrained) TryAddPretrained(pretrained, spaces, owned, options, logger);
                if (classifier is null && options.UseClassifier && data.ClassCount is not null && data.SampleShape.Count == 3)
                {
                    var classifierLogger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MetricClassifier>();
                    classifier = options.ClassifierCacheDirectory is { } cache
                        ? MetricClassifier.LoadOrTrain(data, options.ClassifierRecipe, cache, classifierLogger, cancellationToken: cancellationToken)
                        : MetricClassifier.Train(data, options.ClassifierRecipe, classifierLogger, cancellationToken: cancellationToken);
                    owned.Add(classifier);
                }

                if (classifier is not null) spaces.Add(classifier.AsFeatureSpace());
            }

            if (spaces.Count == 0 && classifier is null)
                throw new MetricInputException("No feature space fits this data set: the data has no labels to train a classifier on and no pretrained " +
                                               "network was found (set EvaluationOptions.PretrainedNetwork, e.g. to PretrainedFeatureNetworks.ResNet18 " +
                                               "from the GanKit.Features package, or pass FeatureSpaces).");
            EvaluationLog.Chosen(logger, string.Join(", ", spaces.Select(s => s.Name)), classifier is null ? "" : $", classifier {classifier.RecipeHash}");
            var evaluator = ForImages(data, spaces, classifier, options);
            evaluator._owned.AddRange(owned);
            return evaluator;
        }
        catch
        {
            foreach (var o in owned) o.Dispose();
            throw;
        }
    }

    /// <summary>Runs <see cref="Evaluate"/> on a dedicated thread (as training and stylization do).</summary>
    /// <param name="generator">The generator (its EMA copy, if it has one, is usually the better choice).</param>
    /// <param name="progress">Receives progress while real and generated samples are embedded.</param>
    /// <param name="cancellationToken">Stops between batches with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="MetricInputException">The generator's samples do not have the data's shape.</exception>
    public Task<EvaluationReport> EvaluateAsync(Generator generator, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return LongRunningWork.Start(() => Evaluate(generator, progress, cancellationToken), cancellationToken);
    }

    /// <summary>Generates samples and measures them.</summary>
    /// <param name="generator">The generator (its EMA copy, if it has one, is usually the better choice).</param>
    /// <param name="progress">Receives progress while real and generated samples are embedded.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The report.</returns>
    /// <exception cref="MetricInputException">The generator's samples do not have the data's shape.</exception>
    public EvaluationReport Evaluate(Generator generator, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (!generator.OutputShape.SequenceEqual(SampleShape))
            throw new MetricInputException(
                $"The generator makes [{string.Join(",", generator.OutputShape)}] samples but the evaluation data holds [{string.Join(",", SampleShape)}].");
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        using var random = Seeding.CreateGenerator(_options.Seed, "evaluate");
        if (_mixture is not null)
        {
            var samples = generator.Generate(_options.SampleCount ?? 2500, random: random);
            var c = MixtureCoverage.Evaluate(samples, _mixture);
            return new EvaluationReport
            {
                Kind = "mixture", Samples = c.SampleCount, Modes = c.ModesCaptured, ModesTotal = c.ModesTotal,
                HighQualityFraction = c.HighQualityFraction, ReverseKl = double.IsFinite(c.ReverseKl) ? c.ReverseKl : null,
                Seconds = clock.Elapsed.TotalSeconds,
            };
        }

        long count = _options.SampleCount ?? 10_000;
        return Measure(GeneratedBatches(generator, count, random), count, progress, clock, cancellationToken);
    }

    /// <summary>
    /// Measures other real data (e.g. the test split) against the reference data as if it were generated: the floor that the
    /// metrics reach for a perfect generator with this many samples.
    /// </summary>
    /// <param name="other">Images of the same shape.</param>
    /// <param name="count">Samples to use (the first ones); null means <see cref="EvaluationOptions.SampleCount"/> or 10,000, at most the set's size.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The report.</returns>
    public EvaluationReport EvaluateData(IGanDataset other, long? count = null, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_mixture is not null) throw new MetricInputException("EvaluateData compares images; for mixtures call MixtureCoverage.Evaluate on the points.");
        if (!other.SampleShape.SequenceEqual(SampleShape))
            throw new MetricInputException($"The data holds [{string.Join(",", other.SampleShape)}] samples but the reference holds [{string.Join(",", SampleShape)}].");
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        long n = Math.Min(other.Count, count ?? _options.SampleCount ?? 10_000);
        return Measure(DataBatches(other, Enumerable.Range(0, (int)n).Select(i => (long)i).ToArray()), n, progress, clock, cancellationToken);
    }

    /// <summary>Disposes the networks this evaluator created (never those passed in) and the reference features.</summary>
    public void Dispose()
    {
        if (_referenceFeatures is not null)
            foreach (var r in _referenceFeatures) r.Dispose();
        _referenceFeatures = null;
        if (_floor?.Features is { } floor)
            foreach (var f in floor) f.Dispose();
        _floor = null;
        foreach (var o in _owned) o.Dispose();
        _owned.Clear();
    }

    private EvaluationReport Measure(IEnumerable<Tensor> batches, long count, IProgress<EvaluationProgress>? progress, Stopwatch clock,
        CancellationToken cancellationToken)
    {
        var reference = EnsureReference(progress, cancellationToken);
        bool save = _options.FeatureDirectory is not null;
        var generated = _spaces.Select(s => new ReferenceFeatures(s.Dimension, _options.ManifoldSampleCount, save)).ToArray();
        try
        {
            var classCounts = _classifier is null ? null : new long[_classifier.ClassCount];
            long done = 0;
            foreach (var batch in batches)
            {
                using var batchScope = NewDisposeScope();
                batch.MoveToOtherDisposeScope(batchScope);
                cancellationToken.ThrowIfCancellationRequested();
                for (int i = 0; i < _spaces.Count; i++) generated[i].Add(_spaces[i].Embed(batch));
                if (classCounts is not null)
                {
                    var counts = _classifier!.Predict(batch).bincount(null, classCounts.Length).data<long>().ToArray();
                    for (int k = 0; k < counts.Length; k++) classCounts[k] += counts[k];
                }

                done += batch.shape[0];
                progress?.Report(new EvaluationProgress("generated", done, count));
            }

            var floor = _spaces.Count > 0 && _options.RealFloor ? EnsureFloor(done, progress, cancellationToken) : null;
            var scores = new List<FeatureSpaceScores>();
            for (int i = 0; i < _spaces.Count; i++)
            {
                using var spaceScope = NewDisposeScope();
                double fid = FrechetDistance.Compute(reference[i].Statistics, generated[i].Statistics);
                var realKept = reference[i].Kept();
                var fakeKept = generated[i].Kept();
                var kid = Kid(_spaces[i].Name, realKept, fakeKept, warn: true);
                var manifold = NearestNeighbourMetrics.Compute(realKept, fakeKept, _options.NearestNeighbours, convention: _options.NeighbourBallConvention);
                double? fidFloor = null, kidFloor = null;
                if (floor is not null)
                {
                    fidFloor = FrechetDistance.Compute(reference[i].Statistics, floor[i].Statistics);
                    // Same sizes as the generated set's KID, whose shrinking (if any) was already reported.
                    kidFloor = Kid(_spaces[i].Name, realKept, floor[i].Kept(), warn: false).Mean;
                }

                scores.Add(new FeatureSpaceScores(_spaces[i].Name, fid, kid.Mean, kid.StandardDeviation, manifold.Precision, manifold.Recall,
                    manifold.Density, manifold.Coverage) { KidSubsetSize = kid.SubsetSize, FidFloor = fidFloor, KidFloor = kidFloor });
                if (save) SaveFeatures(_spaces[i].Name, reference[i], generated[i], floor?[i]);
            }

            if (save && _spaces.Count > 0) EvaluationLog.FeaturesSaved(_logger, Path.GetFullPath(_options.FeatureDirectory!));
            var classes = classCounts is null ? null : ClassDistribution.FromCounts(classCounts);
            var first = scores.FirstOrDefault();
            return new EvaluationReport
            {
                Kind = "images", Samples = done, FeatureSpace = first?.FeatureSpace, Fid = first?.Fid, FidFloor = first?.FidFloor,
                Kid = first?.Kid, KidStd = first?.KidStd, KidFloor = first?.KidFloor, KidSubsetSize = first?.KidSubsetSize,
                Precision = first?.Precision, Recall = first?.Recall, Density = first?.Density, Coverage = first?.Coverage,
                ClassCoverage = classes?.ClassCoverage, ClassKl = classes?.KlFromUniform, FeatureSpaces = scores,
                Seconds = clock.Elapsed.TotalSeconds,
            };
        }
        finally
        {
            foreach (var g in generated) g.Dispose();
        }
    }

    /// <summary>The KID with the configured subsets, shrinking the subset size (with a warning) when a kept set is smaller.</summary>
    private KernelDistanceResult Kid(string space, Tensor real, Tensor generated, bool warn)
    {
        long smaller = Math.Min(real.shape[0], generated.shape[0]);
        int size = (int)Math.Min(_options.KidSubsetSize, smaller);
        if (warn && size < _options.KidSubsetSize)
            EvaluationLog.KidSubsetShrunk(_logger, space, _options.KidSubsetSize, real.shape[0], generated.shape[0], size);
        return KernelInceptionDistance.Compute(real, generated, _options.KidSubsets, size, _options.Seed);
    }

    /// <summary>The features of a real set disjoint from the reference, of <paramref name="count"/> samples; null when the data has too few.</summary>
    private ReferenceFeatures[]? EnsureFloor(long count, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        if (_floor is { } cached && cached.Count == count) return cached.Features;
        if (_floor?.Features is { } old)
            foreach (var f in old) f.Dispose();
        _floor = null;
        var data = _reference!;
        if (_spareIndices.Length < count)
        {
            EvaluationLog.FloorSkipped(_logger, count, data.Count - _spareIndices.Length, data.Count);
            _floor = (count, null);
            return null;
        }

        var features = Embed(data, _spareIndices[..(int)count], "real floor", progress, cancellationToken);
        _floor = (count, features);
        return features;
    }

    private void SaveFeatures(string space, ReferenceFeatures real, ReferenceFeatures generated, ReferenceFeatures? floor)
    {
        var name = string.Concat(space.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        var directory = _options.FeatureDirectory!;
        NpyFile.Write(Path.Combine(directory, $"{name}-real.npy"), real.All());
        NpyFile.Write(Path.Combine(directory, $"{name}-generated.npy"), generated.All());
        if (floor is not null) NpyFile.Write(Path.Combine(directory, $"{name}-real-floor.npy"), floor.All());
    }

    private ReferenceFeatures[] EnsureReference(IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        if (_referenceFeatures is not null) return _referenceFeatures;
        var data = _reference!;
        long n = Math.Min(data.Count, _options.ReferenceCount ?? 10_000);
        long[] indices;
        if (n == data.Count)
        {
            indices = Enumerable.Range(0, (int)n).Select(i => (long)i).ToArray();
            _spareIndices = [];
        }
        else
        {
            using var random = Seeding.CreateGenerator(_options.Seed, "evaluate-reference");
            using var perm = randperm(data.Count, generator: random);
            var all = perm.data<long>().ToArray();
            indices = all[..(int)n];
            // The real-vs-real floor draws from the rest of the same permutation, so it never overlaps the reference.
            _spareIndices = all[(int)n..];
        }

        _referenceFeatures = Embed(data, indices, "reference", progress, cancellationToken);
        return _referenceFeatures;
    }

    private ReferenceFeatures[] Embed(IGanDataset data, long[] indices, string stage, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        bool keepAll = _options.FeatureDirectory is not null;
        var features = _spaces.Select(s => new ReferenceFeatures(s.Dimension, _options.ManifoldSampleCount, keepAll)).ToArray();
        try
        {
            long done = 0;
            foreach (var batch in DataBatches(data, indices))
            {
                using var batchScope = NewDisposeScope();
                batch.MoveToOtherDisposeScope(batchScope);
                cancellationToken.ThrowIfCancellationRequested();
                for (int i = 0; i < _spaces.Count; i++) features[i].Add(_spaces[i].Embed(batch));
                done += batch.shape[0];
                progress?.Report(new EvaluationProgress(stage, done, indices.Length));
            }
        }
        catch
        {
            foreach (var f in features) f.Dispose();
            throw;
        }

        return features;
    }

    private IEnumerable<Tensor> GeneratedBatches(Generator generator, long count, TorchSharp.torch.Generator random)
    {
        for (long done = 0; done < count; done += _options.BatchSize)
            yield return generator.Generate(Math.Min(_options.BatchSize, count - done), random: random).DetachFromDisposeScope();
    }

    private IEnumerable<Tensor> DataBatches(IGanDataset data, long[] indices)
    {
        for (int start = 0; start < indices.Length; start += _options.BatchSize)
        {
            var batch = data.GetBatch(indices.AsSpan(start, Math.Min(_options.BatchSize, indices.Length - start)));
            batch.Labels?.Dispose();
            yield return batch.Samples.DetachFromDisposeScope();
        }
    }

    private static void TryAddPretrained(Func<IFeatureNetwork> create, List<IFeatureSpace> spaces, List<IDisposable> owned, EvaluationOptions options,
        ILogger logger)
    {
        try
        {
            var space = Metrics.FeatureSpaces.Pretrained(create(), options.PretrainedImageSize, ownsNetwork: true);
            owned.Add(space);
            spaces.Add(space);
        }
        catch (PretrainedModelNotFoundException ex)
        {
            EvaluationLog.PretrainedSkipped(logger, ex.Message);
        }
    }
}
