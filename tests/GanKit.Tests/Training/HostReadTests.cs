using GanKit.Data;
using GanKit.Runtime;
using GanKit.Training;

namespace GanKit.Tests.Training;

/// <summary>Training reads nothing from the device per step: metrics and the non-finite guard are read once per progress report.</summary>
public sealed class HostReadTests
{
    [Fact]
    public void Train_reads_the_device_once_per_progress_interval_with_every_option_that_could_sync()
    {
        var (g, d) = TrainerTestModels.ConditionalDcgan();
        using var data = TrainerTestModels.SmallImages();
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(12).WithEma(0.9).WithR1Penalty(0.5).WithInstanceNoise(0.05, 20)
            .WithGradientClipping(5).WithProgressInterval(10).Build();
        trainer.Train(data, 1); // first use of the data set: its labels are checked then (a InMemoryDataset did at construction)

        long before = HostReads.Count;
        var result = trainer.Train(data, 31);
        long reads = HostReads.Count - before;

        reads.Should().Be(4, "30 steps report at steps 10, 20, 30 and at the target 31: one read each");
        result.History.Should().HaveCount(31, "every step's metrics are still recorded");
        result.History.Select(h => h.Step).Should().Equal(Enumerable.Range(1, 31).Select(i => (long)i));
        result.History.Should().OnlyContain(h => double.IsFinite(h.DiscriminatorLoss) && double.IsFinite(h.GeneratorLoss) && h.Penalty > 0);
    }

    [Fact]
    public void A_custom_step_loop_costs_one_read_per_step_and_the_loss_floor_one_more()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(500, seed: 1);
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).Build();
        trainer.TrainStep(data);
        long before = HostReads.Count;
        for (int i = 0; i < 5; i++) trainer.TrainStep(data);
        (HostReads.Count - before).Should().Be(5);

        var (g2, d2) = TrainerTestModels.MixtureModels();
        using var floored = GanTrainer.CreateBuilder(g2, d2).WithBatchSize(16).WithDiscriminatorLossFloor(0.01).Build();
        floored.TrainStep(data);
        before = HostReads.Count;
        for (int i = 0; i < 5; i++) floored.TrainStep(data);
        (HostReads.Count - before).Should().Be(10, "deciding to skip D needs its loss on the host");
        g.Dispose(); d.Dispose(); g2.Dispose(); d2.Dispose();
    }
}
