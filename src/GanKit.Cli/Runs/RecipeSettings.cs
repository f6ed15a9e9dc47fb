using GanKit.Augmentation;
using GanKit.Cli.Hosting;
using GanKit.Regularizers;
using GanKit.Training;

namespace GanKit.Cli.Runs;

/// <summary>
/// Turns a recipe into run settings for `gankit train`: --recipe NAME, or without it the recipe GanKit recommends for
/// the kind of data (<see cref="GanRecipes.DefaultFor"/>). The recipe produces the library's <see cref="GanTrainerOptions"/>
/// (<see cref="GanRecipe.ApplyTo"/>) plus the model choices; every explicit flag then overrides the recipe's value.
/// </summary>
internal static class RecipeSettings
{
    /// <summary>The flags a user can set over a recipe (null = not given).</summary>
    public sealed record Overrides
    {
        public string? Model { get; init; }
        public string? Loss { get; init; }
        public int? Batch { get; init; }
        public int? Pack { get; init; }
        public double? Ema { get; init; }
        public double? EmaHalfLife { get; init; }
        public double? R1 { get; init; }
        public double? R2 { get; init; }
        public double? LrG { get; init; }
        public double? LrD { get; init; }
        public string? Optimizer { get; init; }
        public string? LrSchedule { get; init; }
        public long? Warmup { get; init; }
        public int? NCritic { get; init; }
        public int? Latent { get; init; }
        public int Width { get; init; }
        public bool? SpectralNorm { get; init; }
        public string? Augment { get; init; }
        public bool? Ada { get; init; }
        public bool? LrDecay { get; init; }
        public bool? GeneratorBatchNorm { get; init; }
    }

    // A library parser's ArgumentException for a flag's value is the user's mistake.
    private static T ParseFlag<T>(string flag, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException ex)
        {
            throw new UserErrorException($"{flag}: {ex.Message}", ex);
        }
    }

    public static GanRecipe Resolve(string? name, DataSource source) =>
        name is null
            ? GanRecipes.DefaultFor(images: source.Mixture is null)
            : ParseFlag("--recipe", () => GanRecipes.FromName(name));

    /// <summary>The run settings: the recipe's options and models, then the explicit flags over them.</summary>
    /// <param name="recipe">The recipe.</param>
    /// <param name="source">The data.</param>
    /// <param name="o">The explicit flags.</param>
    /// <param name="steps">The run's length (learning-rate schedules span it).</param>
    /// <param name="baseSettings">Everything the recipe does not decide (data, seed, checkpoints, …).</param>
    public static RunSettings Create(GanRecipe recipe, DataSource source, Overrides o, long steps, RunSettings baseSettings)
    {
        bool images = source.Mixture is null;
        string model = (o.Model ?? (images ? recipe.ImageArchitecture : "mlp")).ToLowerInvariant();
        var t = recipe.ApplyTo(baseSettings.Trainer, images, steps);

        if (o.Loss is { } lossName) t = t with { Loss = TrainerFlags.ParseLoss(lossName) };
        if (o.Loss is not null || o.Optimizer is not null)
        {
            // A loss or optimizer flag picks the CLI's optimizer family (β1 0 for hinge and WGAN-GP, β2 0.9), as before recipes existed.
            var name = o.Optimizer ?? "adam";
            t = t with
            {
                GeneratorOptimizer = TrainerFlags.Optimizer(name, o.LrG ?? recipe.GeneratorOptimizer.LearningRate, t.Loss),
                DiscriminatorOptimizer = TrainerFlags.Optimizer(name, o.LrD ?? recipe.DiscriminatorOptimizer.LearningRate, t.Loss),
            };
        }
        else
        {
            if (o.LrG is { } lrG) t = t with { GeneratorOptimizer = t.GeneratorOptimizer with { LearningRate = lrG } };
            if (o.LrD is { } lrD) t = t with { DiscriminatorOptimizer = t.DiscriminatorOptimizer with { LearningRate = lrD } };
        }

        if (o.LrSchedule is not null || o.Warmup is > 0)
            t = t with { LearningRateSchedule = TrainerFlags.Schedule(o.LrSchedule ?? "constant", steps, o.Warmup ?? 0) };
        else if (o.LrDecay is { } decay)
            t = t with { LearningRateSchedule = decay ? LearningRateSchedule.LinearDecay(0, steps) : LearningRateSchedule.Constant };

        if (o.Batch is { } batch) t = t with { BatchSize = batch };
        if (o.NCritic is { } critic) t = t with { CriticSteps = critic };
        if (o.Ema is { } ema) t = t with { EmaDecay = ema, EmaWarmup = null };
        else if (o.EmaHalfLife is { } halfLife) t = t with { EmaWarmup = new EmaWarmup(halfLife), EmaDecay = null };
        if (o.R1 is { } r1) t = t with { Regularizers = [.. t.Regularizers.Where(r => r is not R1Penalty), new R1Penalty(r1, recipe.RegularizationInterval)] };
        if (o.R2 is { } r2) t = t with { Regularizers = [.. t.Regularizers.Where(r => r is not R2Penalty), new R2Penalty(r2, recipe.RegularizationInterval)] };

        // The recipe's augmentation applies to single images only (not to MSG-GAN's pyramids or progressive growing);
        // --augment asks for it explicitly (the builder then says where it does not fit).
        bool augmentable = images && model is not ("msg" or "progressive");
        string? augment = o.Augment is { } a ? (a.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : a) : augmentable ? recipe.Augmentation : null;
        if (augment is not null && (images || o.Augment is not null))
        {
            var policy = ParseFlag("--augment", () => DiffAugment.Parse(augment));
            bool ada = o.Ada ?? recipe.AdaptiveAugmentation is not null;
            t = t with
            {
                Augmentation = AugmentationSettings.From(policy),
                AdaptiveAugmentation = ada ? recipe.AdaptiveAugmentation ?? new AdaptiveAugmentationSettings() : null,
            };
        }
        else
        {
            if (o.Ada is true) throw new UserErrorException("--ada adapts the augmentation's probability; pass --augment POLICY too (images only).");
            t = t with { Augmentation = null, AdaptiveAugmentation = null };
        }

        return baseSettings with
        {
            Recipe = recipe.Name,
            Model = model,
            Pack = o.Pack ?? recipe.Pack,
            Latent = o.Latent ?? (images ? recipe.ImageLatentSize : recipe.VectorLatentSize),
            Width = o.Width > 0 ? o.Width : images ? recipe.ImageWidth : recipe.MlpWidth,
            SpectralNorm = o.SpectralNorm ?? recipe.SpectralNorm,
            DiscriminatorWithoutBatchNorm = recipe.DiscriminatorWithoutBatchNorm,
            GeneratorBatchNorm = o.GeneratorBatchNorm ?? recipe.MlpGeneratorBatchNorm,
            GeneratorDepth = images ? null : recipe.MlpGeneratorDepth,
            DiscriminatorDepth = images ? null : recipe.MlpDiscriminatorDepth,
            Trainer = t,
        };
    }
}
