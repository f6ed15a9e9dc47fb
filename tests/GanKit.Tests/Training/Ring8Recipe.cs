using GanKit.Data;
using GanKit.Metrics;
using GanKit.Models;
using GanKit.Training;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Training;

/// <summary>
/// The short ring-8 run whose outcome a test asserts. One copy: `./build.sh bench learned-outcomes ring8` links this file
/// and measures the spread of exactly this recipe over seeds, threads and CPU kernels, which the test's thresholds rest on.
/// </summary>
internal static class Ring8Recipe
{
    public const int Steps = 1500;

    /// <summary>Mode coverage of 2,500 samples before and after training, from seed s (G s, D s + 1, data s, trainer s).</summary>
    public static (MixtureCoverage Before, MixtureCoverage After) Run(long seed)
    {
        using var scope = NewDisposeScope();
        var mixture = GaussianMixture.Ring8;
        using var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(2).UseMlp(64, 3).WithSeed(seed).Build();
        using var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(64, 3).WithPacking(2).WithSeed(seed + 1).Build();
        using var data = mixture.CreateDataset(50_000, seed: seed);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(128).WithSeed(seed)
            .WithOptimizers(OptimizerSettings.Adam(2e-3), OptimizerSettings.Adam(2e-3)).WithLearningRateSchedule(LearningRateSchedule.LinearDecay(0, Steps)).Build();
        using var initial = trainer.Sample(2500, seed: 9);
        var before = MixtureCoverage.Evaluate(initial, mixture);
        trainer.Train(data, Steps);
        using var samples = trainer.Sample(2500, seed: 9);
        return (before, MixtureCoverage.Evaluate(samples, mixture));
    }
}
