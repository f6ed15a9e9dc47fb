using GanKit.Models;
using GanKit.Training;

using Generator = GanKit.Models.Generator;

namespace GanKit.Benchmarks.HighResolution;

/// <summary>One model of the high-resolution comparisons: plain DCGAN, MSG-GAN or progressive growing, at a given image size.</summary>
internal sealed record HighResolutionContender(string Name, string Description, Func<long, (Generator G, Discriminator D)> Models,
    Func<GanTrainerBuilder, GanTrainerBuilder> Configure)
{
    /// <summary>The three models, DCGAN with DCGAN's optimizer and the ProGAN-style pair with ProGAN's, latent 64.</summary>
    public static HighResolutionContender[] All(int channels, int size, ProgressiveSchedule schedule) =>
    [
        new("dcgan", "DCGAN width 16, Adam 2e-4 (0.5, 0.999)", seed => (
                Generator.CreateBuilder().ForImages(channels, size, size).WithLatentSize(64).UseDcgan(16).WithSeed(seed).Build(),
                Discriminator.CreateBuilder().ForImages(channels, size, size).UseDcgan(16).WithSeed(seed + 100).Build()),
            b => b.WithOptimizers(OptimizerSettings.Adam(2e-4, 0.5, 0.999), OptimizerSettings.Adam(2e-4, 0.5, 0.999))),
        new("msg", "MSG-GAN width 8 (lin_cat, equalized LR, pixel norm, minibatch stddev), Adam 1e-3 (0, 0.99)", seed => (
                Generator.CreateBuilder().ForImages(channels, size, size).WithLatentSize(64).UseMsgGan(8).WithSeed(seed).Build(),
                Discriminator.CreateBuilder().ForImages(channels, size, size).UseMsgGan(8).WithSeed(seed + 100).Build()),
            b => b.WithOptimizers(OptimizerSettings.Adam(1e-3, 0.0, 0.99), OptimizerSettings.Adam(1e-3, 0.0, 0.99))),
        new("progressive", $"progressive growing width 8 (equalized LR, pixel norm), schedule {schedule}, Adam 1e-3 (0, 0.99)", seed => (
                Generator.CreateBuilder().ForImages(channels, size, size).WithLatentSize(64).UseProgressive(8).WithSeed(seed).Build(),
                Discriminator.CreateBuilder().ForImages(channels, size, size).UseProgressive(8).WithSeed(seed + 100).Build()),
            b => b.WithOptimizers(OptimizerSettings.Adam(1e-3, 0.0, 0.99), OptimizerSettings.Adam(1e-3, 0.0, 0.99)).WithProgressiveGrowing(schedule)),
    ];
}
