namespace GanKit.Training;

/// <summary>
/// Named recipes: the published ones (DCGAN, WGAN-GP, PacGAN, SNGAN), R3GAN-style <see cref="Modern"/>, and
/// <see cref="Mixture"/>, the winner of GanKit's ring-8 / grid-25 benchmark. <see cref="DefaultFor"/> picks the one
/// GanKit uses when nothing else is said (the CLI's default): the winner of GanKit's benchmarks for that kind of data.
/// </summary>
public static class GanRecipes
{
    /// <summary>DCGAN (Radford et al. 2016): non-saturating loss, batch norm in both nets, Adam 2e-4 (β1 0.5), batch 128.</summary>
    public static GanRecipe Dcgan { get; } = new()
    {
        Name = "dcgan",
        Description = "DCGAN (Radford et al. 2016): non-saturating loss, batch norm, Adam 2e-4 (0.5, 0.999), batch 128",
        ImageBatchSize = 128,
        SuggestedSteps = 10_000,
    };

    /// <summary>WGAN-GP (Gulrajani et al. 2017): Wasserstein loss + gradient penalty 10, 5 critic steps, Adam 1e-4 (0, 0.9), no batch norm in D.</summary>
    public static GanRecipe WganGp { get; } = new()
    {
        Name = "wgan-gp",
        Description = "WGAN-GP (Gulrajani et al. 2017): critic loss + gradient penalty λ 10, 5 critic steps, Adam 1e-4 (0, 0.9), no batch norm in D",
        Loss = "wgan-gp",
        CriticSteps = 5,
        DiscriminatorWithoutBatchNorm = true,
        GeneratorOptimizer = OptimizerSettings.Adam(1e-4, 0, 0.9),
        DiscriminatorOptimizer = OptimizerSettings.Adam(1e-4, 0, 0.9),
        SuggestedSteps = 10_000,
    };

    /// <summary>PacGAN (Lin et al. 2018) on DCGAN (PacDCGAN2): D judges 2 samples at once; DCGAN's settings otherwise.</summary>
    public static GanRecipe PacGan { get; } = new()
    {
        Name = "pacgan",
        Description = "PacGAN (Lin et al. 2018): D packs m = 2 samples; DCGAN's loss and optimizer, batch 64; MLP G with batch norm for vectors",
        Pack = 2,
        MlpGeneratorBatchNorm = true,
        SuggestedSteps = 10_000,
    };

    /// <summary>SNGAN (Miyato et al. 2018), ResNet setting: spectral norm in D, hinge loss, Adam 2e-4 (0, 0.9), 5 D steps.</summary>
    public static GanRecipe SnGan { get; } = new()
    {
        Name = "sngan",
        Description = "SNGAN (Miyato et al. 2018): ResNet nets, spectral norm in D, hinge loss, Adam 2e-4 (0, 0.9), 5 D steps",
        ImageArchitecture = "resnet",
        SpectralNorm = true,
        Loss = "hinge",
        CriticSteps = 5,
        GeneratorOptimizer = OptimizerSettings.Adam(2e-4, 0, 0.9),
        DiscriminatorOptimizer = OptimizerSettings.Adam(2e-4, 0, 0.9),
        SuggestedSteps = 10_000,
    };

    /// <summary>
    /// R3GAN's ingredients (Huang et al. 2024) on GanKit's nets: relativistic pairing loss + R1 + R2 (γ 0.1), Adam 2e-4
    /// (0, 0.99), no batch norm in D, DiffAugment (colour, translation, cutout) on every D input, and an EMA of G with a
    /// 20k-image half-life ramped up as in StyleGAN2-ADA.
    /// </summary>
    public static GanRecipe Modern { get; } = new()
    {
        Name = "modern",
        Description = "RpGAN + R1 + R2 (γ 0.1), Adam 2e-4 (0, 0.99), no batch norm in D, DiffAugment color/translation/cutout, EMA half-life 20k images with ramp",
        Loss = "rpgan",
        R1 = 0.1,
        R2 = 0.1,
        DiscriminatorWithoutBatchNorm = true,
        GeneratorOptimizer = OptimizerSettings.Adam(2e-4, 0, 0.99),
        DiscriminatorOptimizer = OptimizerSettings.Adam(2e-4, 0, 0.99),
        Augmentation = "color,translation,cutout",
        EmaHalfLifeImages = 20_000,
        SuggestedSteps = 20_000,
    };

    /// <summary>
    /// The winner of GanKit's ring-8 / grid-25 benchmark (docs/benchmarks.md), for low-dimensional data: PacGAN2 with
    /// VEEGAN/PacGAN-style MLPs (G with batch norm), a large batch, Adam 1e-3 (0.5, 0.999) decayed linearly to 0 over
    /// the run, and an EMA of G with warm-up. Its suggested 20,000 steps suit ring-8; grid-25 needs more (see the benchmark).
    /// </summary>
    public static GanRecipe Mixture { get; } = new()
    {
        Name = "mixture",
        Description = "PacGAN2, MLP G 128×4 with batch norm, D 128×3, latent 2, batch 2048, Adam 1e-3 (0.5, 0.999) decayed to 0, EMA half-life 50k images with ramp",
        Pack = 2,
        MlpWidth = 128,
        MlpGeneratorDepth = 4,
        MlpDiscriminatorDepth = 3,
        MlpGeneratorBatchNorm = true,
        VectorLatentSize = 2,
        VectorBatchSize = 2048,
        GeneratorOptimizer = OptimizerSettings.Adam(1e-3, 0.5, 0.999),
        DiscriminatorOptimizer = OptimizerSettings.Adam(1e-3, 0.5, 0.999),
        LearningRateDecayToZero = true,
        EmaHalfLifeImages = 50_000,
        SuggestedSteps = 20_000,
    };

    /// <summary>Every named recipe.</summary>
    public static IReadOnlyList<GanRecipe> All { get; } = [Dcgan, WganGp, PacGan, SnGan, Modern, Mixture];

    /// <summary>
    /// The recipe GanKit uses when none is named, the winner of GanKit's benchmarks for that kind of data
    /// (docs/benchmarks.md): <see cref="Dcgan"/> for images, <see cref="Mixture"/> for vectors.
    /// </summary>
    /// <param name="images">Whether the samples are images.</param>
    /// <returns>The recipe.</returns>
    public static GanRecipe DefaultFor(bool images) => images ? Dcgan : Mixture;

    /// <summary>Looks a recipe up by name (case-insensitive).</summary>
    /// <param name="name">dcgan, wgan-gp, pacgan, sngan, modern or mixture.</param>
    /// <returns>The recipe.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static GanRecipe FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
               ?? throw new ArgumentException($"Unknown recipe '{name}'; use {string.Join(", ", All.Select(r => r.Name))}.", nameof(name));
    }
}
