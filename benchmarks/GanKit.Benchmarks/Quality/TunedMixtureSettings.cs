using GanKit.Losses;
using GanKit.Models;
using GanKit.Training;
using TorchSharp;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Benchmarks.Quality;

/// <summary>
/// The knobs of the <c>tuned</c> mixture recipe (<c>--t-*</c> options), for searching a recipe from the command line.
/// </summary>
internal sealed record TunedMixtureSettings
{
    public string Loss { get; init; } = "ns";
    public int Pack { get; init; } = 2;
    public double LearningRate { get; init; } = 1e-3;
    public double Beta1 { get; init; } = 0.5;
    public double Beta2 { get; init; } = 0.999;
    public int Batch { get; init; } = 100;
    public bool GeneratorBatchNorm { get; init; }
    public double R1 { get; init; }
    public double R2 { get; init; }
    public double EmaHalfLifeImages { get; init; }
    public double EmaDecay { get; init; } = 0.999;
    public double FinalLearningRateFactor { get; init; }
    public int GeneratorWidth { get; init; } = 128;
    public int DiscriminatorWidth { get; init; } = 128;
    public int Latent { get; init; } = 2;
    public double DiscriminatorLearningRateFactor { get; init; } = 1;
    public int CriticSteps { get; init; } = 1;
    public int Categories { get; init; }

    public static TunedMixtureSettings From(QualityArgs a)
    {
        var d = new TunedMixtureSettings();
        return new TunedMixtureSettings
        {
            Loss = a.String("t-loss", d.Loss), Pack = a.Int("t-pack", d.Pack), LearningRate = a.Double("t-lr", d.LearningRate),
            Beta1 = a.Double("t-beta1", d.Beta1), Beta2 = a.Double("t-beta2", d.Beta2), Batch = a.Int("t-batch", d.Batch),
            GeneratorBatchNorm = a.Flag("t-bn"), R1 = a.Double("t-r1", 0), R2 = a.Double("t-r2", 0),
            EmaHalfLifeImages = a.Double("t-ema-images", 0), EmaDecay = a.Double("t-ema", d.EmaDecay),
            FinalLearningRateFactor = a.Double("t-lr-final", 0), GeneratorWidth = a.Int("t-g-width", d.GeneratorWidth),
            DiscriminatorWidth = a.Int("t-d-width", d.DiscriminatorWidth), Latent = a.Int("t-latent", d.Latent),
            DiscriminatorLearningRateFactor = a.Double("t-d-lr-factor", 1), CriticSteps = a.Int("t-critic-steps", 1),
            Categories = a.Int("t-categories", 0),
        };
    }

    public string Describe() =>
        $"{Loss}, pack {Pack}, batch {Batch}, Adam {LearningRate:0.####} ({Beta1}, {Beta2}) decayed to ×{FinalLearningRateFactor}" +
        $"{(GeneratorBatchNorm ? ", G batch norm" : "")}{(R1 > 0 ? $", R1 {R1}" : "")}{(R2 > 0 ? $", R2 {R2}" : "")}, " +
        (EmaHalfLifeImages > 0 ? $"EMA half-life {EmaHalfLifeImages:N0} images with ramp" : $"EMA {EmaDecay}") +
        $", G {GeneratorWidth}×4, D {DiscriminatorWidth}×3, latent {Latent}" +
        (DiscriminatorLearningRateFactor != 1 ? $", D lr ×{DiscriminatorLearningRateFactor}" : "") + (CriticSteps > 1 ? $", {CriticSteps} D steps" : "") +
        (Categories > 0 ? $", + {Categories}-way categorical latent" : "");

    public (Generator, Discriminator) Models(long seed)
    {
        var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(DiscriminatorWidth, 3).WithPacking(Pack).WithSeed(seed + 1000).Build();
        if (Categories > 0)
        {
            var spec = new GeneratorSpec(GanArchitecture.Mlp, Latent + Categories, [2], null, GeneratorWidth, 4, GeneratorBatchNorm);
            Func<nn.Module<Tensor, Tensor?, Tensor>> factory = () => new CategoricalLatentGenerator(spec, Categories);
            using var random = new torch.Generator((ulong)seed);
            return (Generator.FromModule(new CategoricalLatentGenerator(spec, Categories, random), new GeneratorDescriptor(Latent + 1, [2]), factory, ownsModule: true), d);
        }

        var gb = Generator.CreateBuilder().ForVectors(2).WithLatentSize(Latent).UseMlp(GeneratorWidth, 4).WithSeed(seed);
        if (GeneratorBatchNorm) gb = gb.WithBatchNorm();
        return (gb.Build(), d);
    }

    public GanTrainerBuilder Configure(GanTrainerBuilder b, long steps)
    {
        b = b.WithLoss(GanLosses.FromName(Loss)).WithBatchSize(Batch)
            .WithOptimizers(OptimizerSettings.Adam(LearningRate, Beta1, Beta2), OptimizerSettings.Adam(LearningRate * DiscriminatorLearningRateFactor, Beta1, Beta2))
            .WithCriticSteps(CriticSteps)
            .WithLearningRateSchedule(LearningRateSchedule.LinearDecay(0, steps, FinalLearningRateFactor));
        if (R1 > 0) b = b.WithR1Penalty(R1);
        if (R2 > 0) b = b.WithR2Penalty(R2);
        b = EmaHalfLifeImages > 0 ? b.WithEmaWarmup(EmaHalfLifeImages) : b.WithEma(EmaDecay);
        return b;
    }
}
