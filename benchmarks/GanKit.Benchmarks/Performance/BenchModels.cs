using GanKit.Data;
using GanKit.Losses;
using GanKit.Models;
using GanKit.Training;
using static TorchSharp.torch;
using Generator = GanKit.Models.Generator;

namespace GanKit.Benchmarks.Performance;

/// <summary>The benchmark cases: DCGAN 28×28 (base 64) and 64×64 (base 32), batch 64, non-saturating or WGAN-GP.</summary>
public enum GanCase
{
    /// <summary>28×28 grayscale, base 64, non-saturating loss.</summary>
    Dcgan28Ns,
    /// <summary>28×28 grayscale, base 64, WGAN-GP (D without batch norm).</summary>
    Dcgan28WganGp,
    /// <summary>64×64 RGB, base 32, non-saturating loss.</summary>
    Dcgan64Ns,
    /// <summary>64×64 RGB, base 32, WGAN-GP.</summary>
    Dcgan64WganGp,
}

internal static class BenchModels
{
    public const int Batch = 64;

    public static bool IsWgan(GanCase c) => c is GanCase.Dcgan28WganGp or GanCase.Dcgan64WganGp;

    public static (int Channels, int Size, int Width) Shape(GanCase c) =>
        c is GanCase.Dcgan28Ns or GanCase.Dcgan28WganGp ? (1, 28, 64) : (3, 64, 32);

    public static (Generator G, Discriminator D) Models(GanCase c, long seed = 1)
    {
        var (ch, size, width) = Shape(c);
        var g = Generator.CreateBuilder().ForImages(ch, size, size).WithLatentSize(100).UseDcgan(width).WithSeed(seed).Build();
        var db = Discriminator.CreateBuilder().ForImages(ch, size, size).UseDcgan(width).WithSeed(seed + 1);
        if (IsWgan(c)) db = db.WithoutBatchNorm();
        return (g, db.Build());
    }

    public static InMemoryDataset Data(GanCase c)
    {
        var (ch, size, _) = Shape(c);
        manual_seed(3);
        return new InMemoryDataset(randint(0, 256, new long[] { 1024, ch, size, size }).to(ScalarType.Byte), ownsTensors: true);
    }

    public static GanTrainer Trainer(GanCase c, Generator g, Discriminator d) =>
        GanTrainer.CreateBuilder(g, d)
            .WithLoss(IsWgan(c) ? GanLosses.WassersteinGp(10) : GanLosses.NonSaturating)
            .WithOptimizers(OptimizerSettings.Adam(2e-4, 0.5, 0.999), OptimizerSettings.Adam(2e-4, 0.5, 0.999))
            .WithBatchSize(Batch)
            .WithProgressInterval(1_000_000)
            .Build();
}
