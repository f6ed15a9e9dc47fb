using GanKit.Configuration;
using GanKit.Imaging;

namespace GanKit.StyleTransfer;

/// <summary>
/// Every setting of a <see cref="StyleTransferOptimizer"/> except the feature network and logging. Immutable; the
/// builder validates it as a whole. The defaults are the preset chosen by comparing outputs with the classic
/// VGG-19 look (see docs/style-transfer.md).
/// </summary>
public sealed record StyleTransferOptions
{
    /// <summary>
    /// Content taps and their weights; null uses the network's <c>DefaultContentTaps</c>, each with weight 1.
    /// </summary>
    public IReadOnlyDictionary<string, double>? ContentTaps { get; init; }

    /// <summary>
    /// Style taps and their weights; null uses the network's <c>DefaultStyleTaps</c>, each with weight 1 (for ResNet18
    /// all five taps, stem to stage 4). Weighting the deeper taps more paints larger structures but, with ResNet18,
    /// dissolved the buildings of the reference photo, so the default keeps them equal and gets scale from
    /// <see cref="Scales"/> instead.
    /// </summary>
    public IReadOnlyDictionary<string, double>? StyleTaps { get; init; }

    /// <summary>The weight of the content loss. Default 1.</summary>
    public double ContentWeight { get; init; } = 1;

    /// <summary>
    /// The weight of the style loss. Default 3. With <see cref="NormalizePerTap"/> each style tap starts near 1
    /// and each content tap measures relative error, so this is roughly "how many times more style than content".
    /// With ResNet18 and three scales, 10 dissolved the buildings of the reference photo under The Scream and The
    /// Shipwreck; 3 keeps them recognizable while still painting large strokes in the style's colours.
    /// </summary>
    public double StyleWeight { get; init; } = 3;

    /// <summary>
    /// The weight of the total-variation loss (mean squared neighbour difference). Default 1: enough to keep
    /// single-pixel speckle away while the term stays about 1/20 of the style loss at the end.
    /// </summary>
    public double TotalVariationWeight { get; init; } = 1;

    /// <summary>
    /// How the pixels are optimized. Default L-BFGS with a strong-Wolfe line search and history 50; its 100 iterations
    /// apply at every scale unless <see cref="ScaleIterations"/> (default 100, then 50) says otherwise.
    /// </summary>
    public MinimizerSettings Optimizer { get; init; } = ImageMinimizers.Lbfgs(iterations: 100);

    /// <summary>Where the optimization starts. Default <see cref="StyleInit.Content"/>.</summary>
    public StyleInit Init { get; init; } = StyleInit.Content;

    /// <summary>Colour preservation. Default <see cref="ColorPreservation.None"/> (the style's colours).</summary>
    public ColorPreservation ColorPreservation { get; init; } = ColorPreservation.None;

    /// <summary>
    /// The number of scales, coarse to fine. Default 2: at the default factor 2 the run starts at half the output
    /// size (256 → 512 px) and the result, upsampled, starts the output scale. Strokes painted at the coarse scale
    /// become larger bands at the output size. The former default of three scales from a quarter of the size (128 px
    /// first) dissolved thin structures before the finer scales could restore them. Memory stays that of the largest
    /// scale. Scales under <see cref="MinimumScaleSize"/> (or with a side under 32 px) are skipped.
    /// </summary>
    public int Scales { get; init; } = 2;

    /// <summary>The size ratio between consecutive scales. Default 2.</summary>
    public double ScaleFactor { get; init; } = 2;

    /// <summary>
    /// The longest side of the output, in pixels; larger content images are shrunk to it, smaller ones keep their size.
    /// Default 512.
    /// </summary>
    public int MaxSize { get; init; } = 512;

    /// <summary>
    /// The size of each style image relative to the content at every scale: its longer side is this times the
    /// content's longer side. Below 1 the style's strokes come out larger. Default 1.
    /// </summary>
    public double StyleScale { get; init; } = 1;

    /// <summary>
    /// Whether each style tap's loss is divided by its value for the content image and each content tap's loss by
    /// the mean square of the content features, so every tap contributes on the same scale whatever its depth
    /// and the weights mean the same for any network. Default true.
    /// </summary>
    public bool NormalizePerTap { get; init; } = true;

    /// <summary>
    /// What the style loss compares. Default <see cref="StyleStatistic.MeanCovariance"/> (2-Wasserstein distance of the
    /// features' Gaussians), which matched the style's palette and texture better than Gram matrices in the
    /// measurements of docs/style-transfer.md.
    /// </summary>
    public StyleStatistic StyleStatistic { get; init; } = StyleStatistic.MeanCovariance;

    /// <summary>
    /// Whether a colour transfer also matches the image's colours to the style's (the start of the first scale and the
    /// result). Default <see cref="StyleColorMatch.Distribution"/> (sliced optimal transport of the RGB distribution).
    /// Ignored when <see cref="ColorPreservation"/> keeps the content's colours.
    /// </summary>
    public StyleColorMatch StyleColors { get; init; } = StyleColorMatch.Distribution;

    /// <summary>
    /// The smallest longer side of a coarse scale, in pixels: coarser scales of <see cref="Scales"/> are skipped (the
    /// output scale always runs). Default 128, so small outputs are not started from a few dozen pixels.
    /// </summary>
    public int MinimumScaleSize { get; init; } = 128;

    /// <summary>
    /// Iterations per scale, coarsest first and aligned to the finest scale (when coarse scales are skipped, their
    /// entries are dropped). Default 100 then 50: the coarse scale costs a quarter per iteration, so most iterations go
    /// there. Null runs <see cref="MinimizerSettings.Iterations"/> at every scale;
    /// <see cref="StyleTransferOptimizerBuilder.WithOptimizer"/> sets it to null.
    /// </summary>
    public IReadOnlyList<int>? ScaleIterations { get; init; } = [100, 50];

    /// <summary>
    /// Pixels of reflection added around every image before it enters the network (features are cropped back), so
    /// the network's zero padding sees image-like borders instead of black ones (ResNet18's zero padding left a dark band
    /// along the borders). Default 32: a whole pixel of ResNet18's deepest tap.
    /// </summary>
    public int BorderPadding { get; init; } = 32;

    /// <summary>Further loss terms of the user's own, added to content, style and total variation. Default none.</summary>
    public IReadOnlyList<StyleLossTerm> ExtraTerms { get; init; } = [];

    /// <summary>The seed of the noise initialization. Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>How the file-path overloads read images (limits, alpha background). Default <see cref="ImageLoadOptions.Default"/>.</summary>
    public ImageLoadOptions ImageLoadOptions { get; init; } = ImageLoadOptions.Default;

    internal void Validate(ValidationErrors errors)
    {
        errors.RequireNonNegative(ContentWeight, "Content weight");
        errors.RequireNonNegative(StyleWeight, "Style weight");
        errors.RequireNonNegative(TotalVariationWeight, "Total-variation weight");
        errors.Require(!(ContentWeight == 0 && StyleWeight == 0 && TotalVariationWeight == 0), "At least one loss weight must be positive.");
        if (Optimizer is null) errors.Add("An optimizer is required.");
        else Optimizer.Validate(errors);
        errors.Require(Enum.IsDefined(Init), $"Init {Init} is not a StyleInit value.");
        errors.Require(Enum.IsDefined(ColorPreservation), $"Colour preservation {ColorPreservation} is not a ColorPreservation value.");
        errors.RequireInRange(Scales, 1, 8, "Scales");
        errors.Require(ScaleFactor > 1 && ScaleFactor <= 4, $"Scale factor must be above 1 and at most 4 (was {ScaleFactor}).");
        errors.RequireInRange(MaxSize, 16, 8192, "Maximum size");
        errors.Require(StyleScale > 0 && StyleScale <= 4, $"Style scale must be above 0 and at most 4 (was {StyleScale}).");
        if (ImageLoadOptions is null) errors.Add("Image load options are required.");
        errors.Require(Enum.IsDefined(StyleStatistic), $"Style statistic {StyleStatistic} is not a StyleStatistic value.");
        errors.Require(Enum.IsDefined(StyleColors), $"Style colours {StyleColors} is not a StyleColorMatch value.");
        errors.RequireInRange(MinimumScaleSize, 0, 8192, "Minimum scale size");
        errors.RequireInRange(BorderPadding, 0, 256, "Border padding");
        if (ScaleIterations is not null)
        {
            errors.Require(ScaleIterations.Count is >= 1 and <= 8, $"Scale iterations, when given, must list 1 to 8 scales (was {ScaleIterations.Count}).");
            errors.Require(ScaleIterations.All(i => i >= 1), "Every entry of scale iterations must be at least 1.");
        }

        if (ExtraTerms is null) errors.Add("Extra terms must not be null (use an empty list).");
        else
        {
            foreach (var term in ExtraTerms)
            {
                if (term is null) errors.Add("An extra loss term is null.");
                else term.Validate(errors);
            }
        }
        ValidateTapWeights(errors, ContentTaps, "Content");
        ValidateTapWeights(errors, StyleTaps, "Style");
    }

    private static void ValidateTapWeights(ValidationErrors errors, IReadOnlyDictionary<string, double>? taps, string kind)
    {
        if (taps is null) return;
        errors.Require(taps.Count > 0, $"{kind} taps, when given, must name at least one tap.");
        foreach (var (tap, weight) in taps)
            errors.Require(weight >= 0 && double.IsFinite(weight), $"{kind} tap '{tap}' must have a weight that is zero or positive and finite (was {weight}).");
        errors.Require(taps.Count == 0 || taps.Values.Any(w => w > 0), $"{kind} taps need at least one positive weight.");
    }
}
