using GanKit.Cli.Cli;
using GanKit.Training;

namespace GanKit.Cli.Runs;

/// <summary>
/// Turns a recipe into run settings for `gankit train`: --recipe NAME, or without it the recipe GanKit recommends for
/// the kind of data (<see cref="GanRecipes.DefaultFor"/>); every explicit flag then overrides the recipe's value.
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
        public int? NCritic { get; init; }
        public int? Latent { get; init; }
        public int Width { get; init; }
        public bool? SpectralNorm { get; init; }
        public string? Augment { get; init; }
        public bool? Ada { get; init; }
        public bool? LrDecay { get; init; }
        public bool? GeneratorBatchNorm { get; init; }
    }

    public static GanRecipe Resolve(string? name, DataSource source) =>
        name is null
            ? GanRecipes.DefaultFor(images: source.Mixture is null)
            : OptionParsing.Parse("--recipe", () => GanRecipes.FromName(name));

    public static RunSettings Create(GanRecipe recipe, DataSource source, Overrides o, long steps, RunSettings baseSettings)
    {
        bool images = source.Mixture is null;
        string model = (o.Model ?? (images ? recipe.ImageArchitecture : "mlp")).ToLowerInvariant();
        string loss = (o.Loss ?? recipe.Loss).ToLowerInvariant();
        var (ema, halfLife) = o.Ema is not null ? (o.Ema, (double?)null)
            : o.EmaHalfLife is not null ? (null, o.EmaHalfLife)
            : (recipe.EmaHalfLifeImages is null ? recipe.EmaDecay : null, recipe.EmaHalfLifeImages);
        string? augment = o.Augment is { } a ? (a.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : a) : recipe.Augmentation;
        bool sameOptimizerFamily = o.Loss is null;
        return baseSettings with
        {
            Recipe = recipe.Name,
            Model = model,
            Loss = loss,
            Batch = o.Batch ?? (images ? recipe.ImageBatchSize : recipe.VectorBatchSize),
            Pack = o.Pack ?? recipe.Pack,
            Ema = ema,
            EmaHalfLife = halfLife,
            R1 = o.R1 ?? recipe.R1,
            R2 = o.R2 ?? recipe.R2,
            RegularizationInterval = recipe.RegularizationInterval,
            LrG = o.LrG ?? recipe.GeneratorOptimizer.LearningRate,
            LrD = o.LrD ?? recipe.DiscriminatorOptimizer.LearningRate,
            // A loss flag changes the optimizer family too (β1 0 for hinge and WGAN-GP), as before recipes existed.
            Beta1 = sameOptimizerFamily ? recipe.DiscriminatorOptimizer.Beta1 : null,
            Beta2 = sameOptimizerFamily ? recipe.DiscriminatorOptimizer.Beta2 : null,
            NCritic = o.NCritic ?? recipe.CriticSteps,
            Latent = o.Latent ?? (images ? recipe.ImageLatentSize : recipe.VectorLatentSize),
            Width = o.Width > 0 ? o.Width : images ? recipe.ImageWidth : recipe.MlpWidth,
            SpectralNorm = o.SpectralNorm ?? recipe.SpectralNorm,
            DiscriminatorWithoutBatchNorm = recipe.DiscriminatorWithoutBatchNorm,
            GeneratorBatchNorm = o.GeneratorBatchNorm ?? recipe.MlpGeneratorBatchNorm,
            GeneratorDepth = images ? null : recipe.MlpGeneratorDepth,
            DiscriminatorDepth = images ? null : recipe.MlpDiscriminatorDepth,
            Augment = images ? augment : null,
            Ada = images && augment is not null && (o.Ada ?? recipe.AdaptiveAugmentation is not null),
            LrDecaySteps = (o.LrDecay ?? recipe.LearningRateDecayToZero) ? steps : null,
        };
    }
}
