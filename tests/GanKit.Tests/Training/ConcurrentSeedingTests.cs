using GanKit.Data;
using GanKit.Models;
using GanKit.Runtime;
using GanKit.Training;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Training;

/// <summary>GanKit draws from generators it owns, never torch's global one, so seeded runs on several threads agree.</summary>
[Collection(GanKit.Tests.TestSupport.GlobalTorchStateCollection.Name)]
public sealed class ConcurrentSeedingTests
{
    private sealed record RunOutcome(List<float[]> Weights, float[] Samples, float[] Losses);

    private static RunOutcome SeededRun(Barrier? start)
    {
        start?.SignalAndWait();
        var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(4).UseMlp(16, 2).WithSeed(11).Build();
        var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(16, 2).WithSpectralNorm().WithSeed(12).Build();
        using var data = GaussianMixture.Ring8.CreateDataset(512, seed: 3);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(32).WithSeed(5).WithInstanceNoise(0.1, 50).Build();
        for (int i = 0; i < 25; i++) trainer.TrainStep(data);
        using var random = Seeding.CreateGenerator(9, "sample");
        using var samples = g.Generate(64, random: random);
        var outcome = new RunOutcome(
            g.Module.state_dict().Concat(d.Module.state_dict()).Select(kv => kv.Value.data<float>().ToArray()).ToList(),
            samples.data<float>().ToArray(),
            trainer.History.Select(h => (float)h.GeneratorLoss).ToArray());
        g.Dispose();
        d.Dispose();
        return outcome;
    }

    [Fact]
    public async Task Two_trainers_with_the_same_seed_on_two_threads_end_bit_identical_and_ignore_the_global_generator()
    {
        TorchRuntime.EnsureLoaded();
        using var start = new Barrier(3);
        var first = Task.Factory.StartNew(() => SeededRun(start), TaskCreationOptions.LongRunning);
        var second = Task.Factory.StartNew(() => SeededRun(start), TaskCreationOptions.LongRunning);
        // A third thread keeps reseeding and drawing from torch's global generator meanwhile.
        var noise = Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (int i = 0; !first.IsCompleted || !second.IsCompleted; i++)
            {
                manual_seed(i);
                using var x = randn(256);
            }
        }, TaskCreationOptions.LongRunning);
        var one = await first;
        var two = await second;
        await noise;
        var alone = SeededRun(null);

        foreach (var other in new[] { two, alone })
        {
            other.Samples.Should().Equal(one.Samples);
            other.Losses.Should().Equal(one.Losses);
            other.Weights.Should().HaveCount(one.Weights.Count);
            for (int i = 0; i < other.Weights.Count; i++) other.Weights[i].Should().Equal(one.Weights[i]);
        }

        one.Losses.Should().HaveCount(25);
    }
}
