using GanKit.Losses;
using GanKit.Models;
using GanKit.Training;

using Generator = GanKit.Models.Generator;

namespace GanKit.Benchmarks.Quality;

/// <summary>
/// One way of training a GAN on a 2D mixture. The shared MLP follows PacGAN's synthetic experiments (from VEEGAN):
/// G has 4 hidden layers of 400 ReLU units and a 2-d Gaussian latent; D has 3 hidden layers of 200 units; batch 100;
/// Adam with learning rate 1e-4. Differences from the papers: D uses LeakyReLU(0.2) instead of 5-piece maxout and
/// G has no batch norm (GanKit's MLP offers neither).
/// </summary>
internal sealed record MixtureRecipe(string Name, string Description, Func<long, (Generator, Discriminator)> Models,
    Func<GanTrainerBuilder, long, GanTrainerBuilder> Configure, long Steps)
{
    public const int BatchSize = 100;
    public const int LatentSize = 2;

    /// <summary>G's hidden units (400 in the papers; 128 here for the CPU budget); <c>--g-width</c>.</summary>
    public static int GeneratorWidth { get; set; } = 128;

    /// <summary>D's hidden units (200 in the papers; 128 here); <c>--d-width</c>.</summary>
    public static int DiscriminatorWidth { get; set; } = 128;

    /// <summary>The best recipe's pack size; <c>--best-pack</c>.</summary>
    public static int BestPack { get; set; } = 2;

    /// <summary>The best recipe's initial learning rate; <c>--best-lr</c>.</summary>
    public static double BestLearningRate { get; set; } = 1e-3;

    /// <summary>The best recipe's EMA decay; <c>--best-ema</c>.</summary>
    public static double BestEma { get; set; } = 0.999;

    /// <summary>The <c>tuned</c> recipe's knobs; <c>--t-*</c>.</summary>
    public static TunedMixtureSettings Tuned { get; set; } = new();

    public static IReadOnlyList<MixtureRecipe> All(long steps) =>
    [
        new("tuned", Tuned.Describe(), Tuned.Models, Tuned.Configure, steps),
        new("gan", "non-saturating GAN", s => Mlp(s, pack: 1, spectralNorm: false), (b, _) => Adam(b), steps),
        new("pacgan2", "non-saturating GAN, D packs m = 2 samples", s => Mlp(s, pack: 2, spectralNorm: false), (b, _) => Adam(b), steps),
        new("pacgan4", "non-saturating GAN, D packs m = 4 samples", s => Mlp(s, pack: 4, spectralNorm: false), (b, _) => Adam(b), steps),
        new("sn-hinge", "hinge loss, spectral norm on every D layer", s => Mlp(s, pack: 1, spectralNorm: true),
            (b, _) => Adam(b).WithLoss(GanLosses.Hinge), steps),
        new("best", $"PacGAN{BestPack} + Adam {BestLearningRate:0.####} (β1 0.5) decayed linearly to 0 over the run + EMA {BestEma} of G",
            s => Mlp(s, pack: BestPack, spectralNorm: false),
            (b, n) => b.WithBatchSize(BatchSize)
                .WithOptimizers(OptimizerSettings.Adam(BestLearningRate, 0.5, 0.999), OptimizerSettings.Adam(BestLearningRate, 0.5, 0.999))
                .WithEma(BestEma).WithLinearLearningRateDecay(0, n), steps),
    ];

    /// <summary>The baselines' learning rate (1e-4 in the papers); <c>--lr</c>.</summary>
    public static double LearningRate { get; set; } = 1e-3;

    private static GanTrainerBuilder Adam(GanTrainerBuilder b) =>
        b.WithBatchSize(BatchSize).WithOptimizers(OptimizerSettings.Adam(LearningRate, 0.5, 0.999), OptimizerSettings.Adam(LearningRate, 0.5, 0.999));

    private static (Generator, Discriminator) Mlp(long seed, int pack, bool spectralNorm)
    {
        var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(LatentSize).UseMlp(GeneratorWidth, 4).WithSeed(seed).Build();
        var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(DiscriminatorWidth, 3).WithPacking(pack).WithSeed(seed + 1000);
        if (spectralNorm) d = d.WithSpectralNorm();
        return (g, d.Build());
    }
}
