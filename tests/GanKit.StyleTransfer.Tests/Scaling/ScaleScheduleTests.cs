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
