using GanKit.Losses;
using GanKit.Models;
using GanKit.Training;

using Generator = GanKit.Models.Generator;

namespace GanKit.Benchmarks.Quality;

/// <summary>One way of training an unconditional GAN on Fashion-MNIST (28×28, batch 64, latent 100).</summary>
internal sealed record FashionMnistRecipe(string Name, string Description, Func<long, (Generator, Discriminator)> Models,
    Func<GanTrainerBuilder, GanTrainerBuilder> Configure)
{
    public static IReadOnlyList<FashionMnistRecipe> All { get; } =
    [
        new("dcgan", "DCGAN (64 base channels, batch norm), non-saturating loss, Adam 2e-4 (β 0.5, 0.999)",
            seed => Dcgan(seed, spectralNorm: false),
            b => b.WithOptimizers(OptimizerSettings.Adam(2e-4, 0.5, 0.999), OptimizerSettings.Adam(2e-4, 0.5, 0.999))),
        new("best", "DCGAN G; D with spectral norm (no batch norm); hinge loss; Adam G 2e-4 / D 4e-4 (β 0.5, 0.999); EMA 0.995 of G",
            seed => Dcgan(seed, spectralNorm: true),
            b => b.WithLoss(GanLosses.Hinge).WithOptimizers(OptimizerSettings.Adam(2e-4, 0.5, 0.999), OptimizerSettings.Adam(4e-4, 0.5, 0.999))
                .WithEma(0.995)),
    ];

    private static (Generator, Discriminator) Dcgan(long seed, bool spectralNorm)
    {
        var g = Generator.CreateBuilder().WithLatentSize(100).ForImages(1, 28, 28).UseDcgan(64).WithSeed(seed).Build();
        var d = Discriminator.CreateBuilder().ForImages(1, 28, 28).UseDcgan(64).WithSeed(seed + 1000);
        if (spectralNorm) d = d.WithSpectralNorm();
        return (g, d.Build());
    }
}
