using GanKit.Losses;
using GanKit.Models;
using GanKit.Training;

using Generator = GanKit.Models.Generator;

namespace GanKit.Benchmarks.Quality;

/// <summary>
/// One way of training a GAN on 28×28 images (Stacked Fashion-MNIST, Fashion-MNIST to convergence). Every recipe uses the
/// same DCGAN-shaped networks (<see cref="BaseChannels"/> wide; batch 64, latent 100) so the rows differ only in what the
/// recipe changes.
/// </summary>
internal sealed record ImageRecipe(string Name, string Description, Func<ImageRecipe.Shape, long, (Generator, Discriminator)> Models,
    Func<GanTrainerBuilder, long, GanTrainerBuilder> Configure)
{
    /// <summary>The data's shape and classes (a conditional run passes its class count).</summary>
    public sealed record Shape(int Channels, int Height, int Width, int? Classes);

    public const int BatchSize = 64;
    public const int LatentSize = 100;

    /// <summary>G's and D's base channels (64 in DCGAN; smaller here for the CPU budget); <c>--width</c>.</summary>
    public static int BaseChannels { get; set; } = 32;

    public static IReadOnlyList<ImageRecipe> All { get; } =
    [
        new("dcgan", "DCGAN (Radford et al.): batch norm in G and D, non-saturating loss, Adam 2e-4 (β 0.5, 0.999)",
            (shape, seed) => Dcgan(shape, seed, pack: 1), (b, _) => Adam(b)),
        new("pacgan", "PacDCGAN2 (Lin et al.): the dcgan recipe with D judging packs of 2 samples",
            (shape, seed) => Dcgan(shape, seed, pack: 2), (b, _) => Adam(b)),
        FromLibrary(GanRecipes.Modern),
    ];

    /// <summary>A recipe of <see cref="GanRecipes"/> on this benchmark's networks (width <see cref="BaseChannels"/>) and batch.</summary>
    private static ImageRecipe FromLibrary(GanRecipe recipe) =>
        new(recipe.Name, $"GanRecipes.{char.ToUpperInvariant(recipe.Name[0])}{recipe.Name[1..]} at batch {BatchSize}: {recipe.Description}",
            (shape, seed) =>
            {
                var sized = recipe with { ImageWidth = BaseChannels, ImageLatentSize = LatentSize, ImageBatchSize = BatchSize };
                var g = sized.ConfigureGenerator(Generator.CreateBuilder().ForImages(shape.Channels, shape.Height, shape.Width), images: true).WithSeed(seed);
                var d = sized.ConfigureDiscriminator(Discriminator.CreateBuilder().ForImages(shape.Channels, shape.Height, shape.Width), images: true).WithSeed(seed + 1000);
                if (shape.Classes is { } k)
                {
                    g = g.WithClasses(k);
                    d = d.WithClasses(k);
                }

                return (g.Build(), d.Build());
            },
            (b, steps) => (recipe with { ImageBatchSize = BatchSize }).ConfigureTrainer(b, images: true, steps));

    private static GanTrainerBuilder Adam(GanTrainerBuilder b) =>
        b.WithBatchSize(BatchSize).WithOptimizers(OptimizerSettings.Adam(2e-4, 0.5, 0.999), OptimizerSettings.Adam(2e-4, 0.5, 0.999))
            .WithLoss(GanLosses.NonSaturating);

    private static (Generator, Discriminator) Dcgan(Shape shape, long seed, int pack)
    {
        var g = Generator.CreateBuilder().WithLatentSize(LatentSize).ForImages(shape.Channels, shape.Height, shape.Width).UseDcgan(BaseChannels).WithSeed(seed);
        var d = Discriminator.CreateBuilder().ForImages(shape.Channels, shape.Height, shape.Width).UseDcgan(BaseChannels).WithSeed(seed + 1000);
        if (pack > 1) d = d.WithPacking(pack);
        if (shape.Classes is { } k)
        {
            g = g.WithClasses(k);
            d = d.WithClasses(k);
        }

        return (g.Build(), d.Build());
    }
}
