using GanKit.Cli.Cli;
using GanKit.Data;
using GanKit.Losses;
using GanKit.Models;
using GanKit.Training;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Cli.Runs;

/// <summary>Turns run settings into models and a trainer, through the public builders only.</summary>
internal static class RunFactory
{
    public static GanTrainerBuilder CreateTrainer(RunSettings s, IGanDataset data, string runDirectory, Device device, ILoggerFactory logging)
    {
        var shape = data.SampleShape;
        int? classes = s.Conditional
            ? data.ClassCount ?? throw new UserErrorException($"--conditional needs labelled data; '{s.Data}' has no labels.")
            : null;

        var gb = Generator.CreateBuilder().WithLatentSize(s.Latent).WithSeed(s.Seed).OnDevice(device);
        var db = Discriminator.CreateBuilder().WithSeed(s.Seed + 1).OnDevice(device).WithPacking(s.Pack);
        if (shape.Count == 1)
        {
            gb = gb.ForVectors((int)shape[0]);
            db = db.ForVectors((int)shape[0]);
        }
        else
        {
            gb = gb.ForImages((int)shape[0], (int)shape[1], (int)shape[2]);
            db = db.ForImages((int)shape[0], (int)shape[1], (int)shape[2]);
        }

        int width = s.Width > 0 ? s.Width : s.Model == "mlp" ? 256 : 64;
        (gb, db) = s.Model switch
        {
            "mlp" => (gb.UseMlp(width, s.GeneratorDepth ?? 3), db.UseMlp(width, s.DiscriminatorDepth ?? 3)),
            "dcgan" => (gb.UseDcgan(width), db.UseDcgan(width)),
            "resnet" => (gb.UseResNet(width), db.UseResNet(width)),
            _ => throw new UserErrorException($"--model '{s.Model}' is not one of mlp, dcgan, resnet."),
        };
        if (classes is { } k)
        {
            gb = gb.WithClasses(k);
            db = db.WithClasses(k);
        }

        var loss = OptionParsing.Parse("--loss", () => GanLosses.FromName(s.Loss));

        if (s.SpectralNorm) db = db.WithSpectralNorm();
        else if (loss.Name == "wgan-gp" || s.DiscriminatorWithoutBatchNorm) db = db.WithoutBatchNorm();
        if (s.GeneratorBatchNorm && s.Model == "mlp") gb = gb.WithBatchNorm();
        double beta1 = s.Beta1 ?? (loss.Name is "hinge" or "wgan-gp" ? 0.0 : 0.5), beta2 = s.Beta2 ?? 0.9;

        var g = gb.Build();
        var d = db.Build();
        var builder = GanTrainer.CreateBuilder(g, d)
            .WithLoss(loss)
            .WithBatchSize(s.Batch)
            .WithCriticSteps(s.NCritic)
            .WithOptimizers(OptimizerSettings.Adam(s.LrG, beta1, beta2), OptimizerSettings.Adam(s.LrD, beta1, beta2))
            .WithSeed(s.Seed)
            .WithCheckpoints(Path.Combine(runDirectory, RunFolder.CheckpointsFolder), s.CheckpointEvery, keep: 3)
            .WithLogging(logging);
        if (s.Ema is { } ema) builder = builder.WithEma(ema);
        if (s.R1 is { } r1) builder = builder.WithR1Penalty(r1, s.RegularizationInterval);
        if (s.R2 is { } r2) builder = builder.WithR2Penalty(r2, s.RegularizationInterval);
        if (s.EmaHalfLife is { } halfLife) builder = builder.WithEmaWarmup(halfLife);
        if (s.LrDecaySteps is { } decay) builder = builder.WithLinearLearningRateDecay(0, decay);
        if (s.Augment is { } policy && shape.Count == 3)
        {
            var augmentation = OptionParsing.Parse("--augment", () => GanKit.Augmentation.DiffAugment.Parse(policy));
            builder = builder.WithAugmentation(augmentation, s.Ada ? new GanKit.Augmentation.AdaptiveAugmentationSettings() : null);
        }

        return builder;
    }
}
