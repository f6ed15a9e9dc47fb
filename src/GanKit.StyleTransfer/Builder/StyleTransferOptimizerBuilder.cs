using GanKit.Configuration;
using GanKit.Features;
using GanKit.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GanKit.StyleTransfer;

/// <summary>
/// Configures a <see cref="StyleTransferOptimizer"/>. Every method returns the builder; <see cref="Build"/> checks
/// everything at once and throws one <see cref="GanKitConfigurationException"/> that lists every problem.
/// Start from <see cref="StyleTransferOptimizer.CreateBuilder"/>.
/// </summary>
public sealed class StyleTransferOptimizerBuilder
{
    private StyleTransferOptions _options = new();
    private IFeatureNetwork? _network;
    private bool _ownsNetwork;
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;
    private readonly List<string> _argumentProblems = [];

    internal StyleTransferOptimizerBuilder() { }

    /// <summary>
    /// The network whose features define content and style. Default: <c>PretrainedFeatureNetworks.ResNet18()</c>, embedded,
    /// created by <see cref="Build"/> and owned by the stylizer.
    /// </summary>
    /// <param name="network">The feature network.</param>
    /// <param name="ownsNetwork">Whether disposing the stylizer disposes the network. False by default, as everywhere in
    /// GanKit: what you pass in stays yours to dispose (so one network can serve several stylizers).</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithFeatureNetwork(IFeatureNetwork network, bool ownsNetwork = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _ownsNetwork = ownsNetwork;
        return this;
    }

    /// <summary>The content taps, each with weight 1.</summary>
    /// <param name="taps">Tap names of the feature network.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithContentTaps(params string[] taps) =>
        WithContentTaps(ToWeights(taps, "content"));

    /// <summary>The content taps and their weights.</summary>
    /// <param name="tapWeights">Tap name to weight.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithContentTaps(IReadOnlyDictionary<string, double> tapWeights)
    {
        ArgumentNullException.ThrowIfNull(tapWeights);
        _options = _options with { ContentTaps = new Dictionary<string, double>(tapWeights, StringComparer.Ordinal) };
        return this;
    }

    /// <summary>The style taps, each with weight 1.</summary>
    /// <param name="taps">Tap names of the feature network.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithStyleTaps(params string[] taps) =>
        WithStyleTaps(ToWeights(taps, "style"));

    /// <summary>The style taps and their weights (deeper taps with more weight paint larger structures).</summary>
    /// <param name="tapWeights">Tap name to weight.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithStyleTaps(IReadOnlyDictionary<string, double> tapWeights)
    {
        ArgumentNullException.ThrowIfNull(tapWeights);
        _options = _options with { StyleTaps = new Dictionary<string, double>(tapWeights, StringComparer.Ordinal) };
        return this;
    }

    /// <summary>The weights of the three losses; an omitted weight keeps its current value.</summary>
    /// <param name="content">Content weight (default 1).</param>
    /// <param name="style">Style weight (default <see cref="StyleTransferOptions.StyleWeight"/>).</param>
    /// <param name="totalVariation">Total-variation weight (default <see cref="StyleTransferOptions.TotalVariationWeight"/>).</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithWeights(double? content = null, double? style = null, double? totalVariation = null)
    {
        _options = _options with
        {
            ContentWeight = content ?? _options.ContentWeight,
            StyleWeight = style ?? _options.StyleWeight,
            TotalVariationWeight = totalVariation ?? _options.TotalVariationWeight,
        };
        return this;
    }

    /// <summary>
    /// The optimizer: <see cref="ImageMinimizers.Lbfgs"/> (default), <see cref="ImageMinimizers.Adam"/> or
    /// <see cref="ImageMinimizers.Custom"/>. Its iteration count then applies at every scale: this clears per-scale
    /// iterations set before (the default preset's included); call <see cref="WithScaleSchedule"/> afterwards to set them again.
    /// </summary>
    /// <param name="optimizer">The optimizer settings.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithOptimizer(MinimizerSettings optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        _options = _options with { Optimizer = optimizer, ScaleIterations = null };
        return this;
    }

    /// <summary>Where the optimization starts. Default <see cref="StyleInit.Content"/>.</summary>
    /// <param name="init">The starting image.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder InitializeFrom(StyleInit init)
    {
        _options = _options with { Init = init };
        return this;
    }

    /// <summary>Whether the result keeps the content's colours. Default <see cref="ColorPreservation.None"/>.</summary>
    /// <param name="mode">The colour preservation.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder PreserveColors(ColorPreservation mode)
    {
        _options = _options with { ColorPreservation = mode };
        return this;
    }

    /// <summary>Coarse-to-fine scales: <paramref name="count"/> sizes, each <paramref name="factor"/> times the previous.</summary>
    /// <param name="count">The number of scales (1 = only the output size).</param>
    /// <param name="factor">The size ratio between consecutive scales. Default 2.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithScales(int count, double factor = 2)
    {
        _options = _options with { Scales = count, ScaleFactor = factor };
        return this;
    }

    /// <summary>The longest side of the output in pixels (larger content is shrunk, smaller is kept). Default 512.</summary>
    /// <param name="pixels">The maximum size.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithMaxSize(int pixels)
    {
        _options = _options with { MaxSize = pixels };
        return this;
    }

    /// <summary>The style images' size relative to the content (their longer sides). Default 1.</summary>
    /// <param name="scale">The ratio; below 1 gives larger strokes.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithStyleScale(double scale)
    {
        _options = _options with { StyleScale = scale };
        return this;
    }

    /// <summary>Whether losses are normalized per tap (see <see cref="StyleTransferOptions.NormalizePerTap"/>). Default true.</summary>
    /// <param name="normalize">Whether to normalize.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder NormalizePerTap(bool normalize = true)
    {
        _options = _options with { NormalizePerTap = normalize };
        return this;
    }

    /// <summary>What the style loss compares (see <see cref="StyleTransferOptions.StyleStatistic"/>).</summary>
    /// <param name="statistic">Gram matrices or mean and covariance.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithStyleStatistic(StyleStatistic statistic)
    {
        _options = _options with { StyleStatistic = statistic };
        return this;
    }

    /// <summary>Whether the result's colours are also matched to the style's (see <see cref="StyleTransferOptions.StyleColors"/>).</summary>
    /// <param name="match">The colour transfer.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder MatchStyleColors(StyleColorMatch match)
    {
        _options = _options with { StyleColors = match };
        return this;
    }

    /// <summary>The coarse-to-fine schedule by sizes and iterations (see <see cref="StyleTransferOptions.MinimumScaleSize"/>).</summary>
    /// <param name="minimumSize">The smallest longer side of a coarse scale (0 = no limit but 32 px).</param>
    /// <param name="iterations">Iterations per scale, coarsest first, aligned to the finest; null = the optimizer's at each.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithScaleSchedule(int minimumSize, IReadOnlyList<int>? iterations = null)
    {
        _options = _options with { MinimumScaleSize = minimumSize, ScaleIterations = iterations?.ToArray() };
        return this;
    }

    /// <summary>Reflection padding around the network's input, in pixels (see <see cref="StyleTransferOptions.BorderPadding"/>).</summary>
    /// <param name="pixels">The padding; 0 turns it off.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithBorderPadding(int pixels)
    {
        _options = _options with { BorderPadding = pixels };
        return this;
    }

    /// <summary>Adds a loss term of your own to the objective.</summary>
    /// <param name="term">The term.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder AddLossTerm(StyleLossTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        _options = _options with { ExtraTerms = [.. _options.ExtraTerms, term] };
        return this;
    }

    /// <summary>The seed of the noise initialization; runs with equal seeds and inputs give equal images on the CPU.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithSeed(long seed)
    {
        _options = _options with { Seed = seed };
        return this;
    }

    /// <summary>How the file-path overloads read images (size limits, alpha background).</summary>
    /// <param name="options">The load options.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithImageLoadOptions(ImageLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = _options with { ImageLoadOptions = options };
        return this;
    }

    /// <summary>Replaces all options at once (e.g. a preset kept in configuration).</summary>
    /// <param name="options">The options.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithOptions(StyleTransferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        return this;
    }

    /// <summary>Where logs go. Default <see cref="NullLoggerFactory.Instance"/> (nowhere).</summary>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <returns>This builder.</returns>
    public StyleTransferOptimizerBuilder WithLogging(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>Validates every setting and creates the stylizer.</summary>
    /// <returns>The stylizer.</returns>
    /// <exception cref="GanKitConfigurationException">One or more settings are invalid; the exception lists all of them.</exception>
    /// <exception cref="PretrainedModelNotFoundException">No network was given and the default ResNet18 model file is not installed.</exception>
    public StyleTransferOptimizer Build()
    {
        var errors = new ValidationErrors();
        foreach (var problem in _argumentProblems) errors.Add(problem);
        _options.Validate(errors);

        var network = _network;
        bool owns = _ownsNetwork;
        if (network is null && !errors.HasProblems)
        {
            // The default network is only created when nothing else is wrong, so a failed build leaks nothing.
            network = DefaultFeatureNetwork.Create();
            owns = true;
        }

        TapPlan? plan = null;
        if (network is not null) plan = TapPlan.Resolve(network, _options, errors);
        if (errors.HasProblems)
        {
            if (owns && network is not null && _network is null) network.Dispose();
            errors.ThrowIfAny("StyleTransferOptimizer");
        }

        return new StyleTransferOptimizer(network!, owns, _options, plan!, _loggerFactory);
    }

    private Dictionary<string, double> ToWeights(string[] taps, string kind)
    {
        ArgumentNullException.ThrowIfNull(taps);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var tap in taps)
        {
            if (string.IsNullOrWhiteSpace(tap)) _argumentProblems.Add($"A {kind} tap name is empty.");
            else if (!weights.TryAdd(tap, 1)) _argumentProblems.Add($"The {kind} tap '{tap}' is listed twice.");
        }

        return weights;
    }
}
