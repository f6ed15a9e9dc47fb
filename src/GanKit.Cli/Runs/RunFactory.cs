using GanKit.Cli.Hosting;
using GanKit.Data;
using GanKit.Models;
using GanKit.Training;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Cli.Runs;

/// <summary>Turns run settings into models and a trainer, through the public builders only.</summary>
internal static class RunFactory
{
    /// <summary>Parses --progressive; a malformed schedule is the user's mistake.</summary>
    public static ProgressiveSchedule ParseSchedule(string text)
    {
        try
        {
            return ProgressiveSchedule.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UserErrorException($"--progressive: {ex.Message}");
        }
    }

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

        int width = s.Width > 0 ? s.Width : s.Model switch { "mlp" => 256, "msg" or "progressive" => 16, _ => 64 };
        (gb, db) = s.Model switch
        {
            "mlp" => (gb.UseMlp(width, s.GeneratorDepth ?? 3), db.UseMlp(width, s.DiscriminatorDepth ?? 3)),
            "dcgan" => (gb.UseDcgan(width), db.UseDcgan(width)),
            "resnet" => (gb.UseResNet(width), db.UseResNet(width)),
            "msg" => (gb.UseMsgGan(width), db.UseMsgGan(width)),
            "progressive" => (gb.UseProgressive(width), db.UseProgressive(width)),
            _ => throw new UserErrorException($"--model '{s.Model}' is not one of mlp, dcgan, resnet, msg, progressive."),
        };
        if (classes is { } k)
        {
            gb = gb.WithClasses(k);
            db = db.WithClasses(k);
        }

        if (s.SpectralNorm) db = db.WithSpectralNorm();
        else if (TrainerFlags.HasGradientPenalty(s.Trainer) || s.DiscriminatorWithoutBatchNorm) db = db.WithoutBatchNorm();
        if (s.GeneratorBatchNorm && s.Model == "mlp") gb = gb.WithBatchNorm();

        var g = gb.Build();
        var d = db.Build();
        var builder = GanTrainer.CreateBuilder(g, d)
            .WithOptions(s.Trainer with { CheckpointDirectory = Path.Combine(runDirectory, RunFolder.CheckpointsFolder) })
            .WithLogging(logging);
        if (s.Progressive is { } schedule) builder = builder.WithProgressiveGrowing(ParseSchedule(schedule));
        return builder;
    }
}
