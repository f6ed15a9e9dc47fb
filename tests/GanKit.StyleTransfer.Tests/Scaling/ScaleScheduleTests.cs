using GanKit.StyleTransfer.Scaling;

namespace GanKit.StyleTransfer.Tests.Scaling;

public sealed class ScaleScheduleTests
{
    [Fact]
    public void A_minimum_first_scale_drops_the_coarse_scales_under_it()
    {
        ScaleSchedule.Sizes((384, 512), 3, 2).Should().Equal((96, 128), (192, 256), (384, 512));
        ScaleSchedule.Sizes((384, 512), 3, 2, minimumLongerSide: 200).Should().Equal((192, 256), (384, 512));
        ScaleSchedule.Sizes((384, 512), 3, 2, minimumLongerSide: 600).Should().Equal([(384, 512)], "the output scale always runs");
        ScaleSchedule.Sizes((96, 128), 3, 2, minimumLongerSide: 64).Should().Equal((48, 64), (96, 128));
    }

    [Fact]
    public void Per_scale_iterations_align_to_the_finest_scale()
    {
        ScaleSchedule.Iterations(3, null, 7).Should().Equal(7, 7, 7);
        ScaleSchedule.Iterations(3, [100, 60, 30], 7).Should().Equal(100, 60, 30);
        ScaleSchedule.Iterations(2, [100, 60, 30], 7).Should().Equal([60, 30], "a skipped coarse scale drops its entry");
        ScaleSchedule.Iterations(3, [60, 30], 7).Should().Equal([60, 60, 30], "extra coarse scales repeat the first entry");
    }
}

public sealed class LbfgsHistoryBudgetTests
{
    [Fact]
    public void The_history_shrinks_to_fit_its_memory_budget_for_large_images()
    {
        const long gib = 1L << 30;
        GanKit.StyleTransfer.Optimization.LbfgsMinimizer.HistoryFor(3L * 384 * 512, 50, gib).Should().Be(50);
        // 2048 × 1536 RGB floats are 37.7 MB; a pair holds two of them: 1 GiB / 75.5 MB = 14.
        GanKit.StyleTransfer.Optimization.LbfgsMinimizer.HistoryFor(3L * 1536 * 2048, 50, gib).Should().Be(14);
        GanKit.StyleTransfer.Optimization.LbfgsMinimizer.HistoryFor(3L * 6000 * 8000, 50, gib).Should().Be(3, "never fewer than 3 pairs");
        GanKit.StyleTransfer.Optimization.LbfgsMinimizer.HistoryFor(100, 2, gib).Should().Be(2);
    }
}
