using GanKit.Augmentation;
using GanKit.Losses;
using GanKit.Models;

namespace GanKit.Training;

/// <summary>
/// A named way of training a GAN, as plain data: architecture hints, loss, regularizers, optimizers, batch, augmentation,
/// EMA and a suggested length. <see cref="GanRecipes"/> holds the published ones; <c>with</c> expressions change any
/// field. <see cref="ConfigureGenerator"/>, <see cref="ConfigureDiscriminator"/> and <see cref="ConfigureTrainer"/>
/// apply it to the builders; anything set on a builder afterwards overrides the recipe.
/// </summary>
public sealed record GanRecipe
{
    /// <summary>The recipe's name, e.g. "modern".</summary>
    public required string Name { get; init; }

    /// <summary>What it is and where it comes from.</summary>
    public required string Description { get; init; }

    /// <summary>The network family for images ("dcgan" or "resnet"); vectors always use the MLP.</summary>
    public string ImageArchitecture { get; init; } = "dcgan";

    /// <summary>Base channels for images; 0 = the architecture's default.</summary>
    public int ImageWidth { get; init; }

    /// <summary>Hidden units of the MLPs for vector data.</summary>
    public int MlpWidth { get; init; } = 256;

    /// <summary>Hidden layers of the MLP generator.</summary>
    public int MlpGeneratorDepth { get; init; } = 3;

    /// <summary>Hidden layers of the MLP discriminator.</summary>
    public int MlpDiscriminatorDepth { get; init; } = 3;

    /// <summary>Batch norm in the MLP generator (VEEGAN / PacGAN networks).</summary>
    public bool MlpGeneratorBatchNorm { get; init; }

    /// <summary>The latent size for images.</summary>
    public int ImageLatentSize { get; init; } = 100;

    /// <summary>The latent size for vector data (2 in the VEEGAN / PacGAN mixtures).</summary>
    public int VectorLatentSize { get; init; } = 2;

    /// <summary>Spectral norm in D.</summary>
    public bool SpectralNorm { get; init; }

    /// <summary>Keep batch norm out of D (needed for per-sample gradient penalties).</summary>
    public bool DiscriminatorWithoutBatchNorm { get; init; }

    /// <summary>PacGAN packing (1 = none).</summary>
    public int Pack { get; init; } = 1;

    /// <summary>The loss, by <see cref="GanLosses.FromName"/> name.</summary>
    public string Loss { get; init; } = "ns";

    /// <summary>R1 weight γ, or null.</summary>
    public double? R1 { get; init; }

    /// <summary>R2 weight γ, or null.</summary>
    public double? R2 { get; init; }

    /// <summary>Interval of R1 and R2 (1 = every D update; more = lazy).</summary>
    public int RegularizationInterval { get; init; } = 1;

    /// <summary>G's optimizer.</summary>
    public OptimizerSettings GeneratorOptimizer { get; init; } = OptimizerSettings.Adam();

    /// <summary>D's optimizer.</summary>
    public OptimizerSettings DiscriminatorOptimizer { get; init; } = OptimizerSettings.Adam();

    /// <summary>D steps per G step.</summary>
    public int CriticSteps { get; init; } = 1;

    /// <summary>The batch size for images.</summary>
    public int ImageBatchSize { get; init; } = 64;

    /// <summary>The batch size for vector data.</summary>
    public int VectorBatchSize { get; init; } = 100;

    /// <summary>A DiffAugment policy for images (e.g. "color,translation,cutout"), or null for none.</summary>
    public string? Augmentation { get; init; }

    /// <summary>Adapt the augmentation probability (StyleGAN2-ADA), when <see cref="Augmentation"/> is set.</summary>
    public AdaptiveAugmentationSettings? AdaptiveAugmentation { get; init; }

    /// <summary>A fixed EMA decay, or null.</summary>
    public double? EmaDecay { get; init; }

    /// <summary>An EMA half-life in images with StyleGAN2-ADA's ramp (takes precedence over <see cref="EmaDecay"/>), or null.</summary>
    public double? EmaHalfLifeImages { get; init; }

    /// <summary>Decay both learning rates linearly to zero over the run.</summary>
    public bool LearningRateDecayToZero { get; init; }

    /// <summary>A suggested number of steps.</summary>
    public long SuggestedSteps { get; init; } = 5_000;

    /// <summary>Sets the recipe's architecture on a generator builder whose data shape is already set.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="images">Whether the samples are images.</param>
    /// <returns>The builder.</returns>
    public GeneratorBuilder ConfigureGenerator(GeneratorBuilder builder, bool images)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!images)
        {
            builder = builder.WithLatentSize(VectorLatentSize).UseMlp(MlpWidth, MlpGeneratorDepth);
            return MlpGeneratorBatchNorm ? builder.WithBatchNorm() : builder;
        }

        builder = builder.WithLatentSize(ImageLatentSize);
        int width = ImageWidth > 0 ? ImageWidth : 64;
        return ImageArchitecture == "resnet" ? builder.UseResNet(width) : builder.UseDcgan(width);
    }

    /// <summary>Sets the recipe's architecture, packing and normalization on a discriminator builder whose data shape is already set.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="images">Whether the samples are images.</param>
    /// <returns>The builder.</returns>
    public DiscriminatorBuilder ConfigureDiscriminator(DiscriminatorBuilder builder, bool images)
    {
        ArgumentNullException.ThrowIfNull(builder);
        int width = ImageWidth > 0 ? ImageWidth : 64;
        builder = !images ? builder.UseMlp(MlpWidth, MlpDiscriminatorDepth)
            : ImageArchitecture == "resnet" ? builder.UseResNet(width) : builder.UseDcgan(width);
        builder = builder.WithPacking(Pack);
        if (SpectralNorm) builder = builder.WithSpectralNorm();
        else if (DiscriminatorWithoutBatchNorm && images) builder = builder.WithoutBatchNorm();
        return builder;
    }

    /// <summary>Applies the loss, regularizers, optimizers, batch, augmentation, EMA and schedule to a trainer builder.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="images">Whether the samples are images (batch size and augmentation depend on it).</param>
    /// <param name="steps">The run's length, for the learning-rate decay.</param>
    /// <returns>The builder.</returns>
    public GanTrainerBuilder ConfigureTrainer(GanTrainerBuilder builder, bool images, long steps)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder = builder.WithLoss(GanLosses.FromName(Loss)).WithBatchSize(images ? ImageBatchSize : VectorBatchSize)
            .WithCriticSteps(CriticSteps).WithOptimizers(GeneratorOptimizer, DiscriminatorOptimizer);
        if (R1 is { } r1) builder = builder.WithR1Penalty(r1, RegularizationInterval);
        if (R2 is { } r2) builder = builder.WithR2Penalty(r2, RegularizationInterval);
        if (images && Augmentation is { } policy) builder = builder.WithAugmentation(DiffAugment.Parse(policy), AdaptiveAugmentation);
        if (EmaHalfLifeImages is { } halfLife) builder = builder.WithEmaWarmup(halfLife);
        else if (EmaDecay is { } decay) builder = builder.WithEma(decay);
        if (LearningRateDecayToZero && steps > 0) builder = builder.WithLinearLearningRateDecay(0, steps);
        return builder;
    }
}
