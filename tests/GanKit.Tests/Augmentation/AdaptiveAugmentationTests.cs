using GanKit.Augmentation;

namespace GanKit.Tests.Augmentation;

public sealed class AdaptiveAugmentationTests
{
    [Fact]
    public void P_rises_by_ADAs_step_while_D_is_too_sure_of_the_reals_and_falls_otherwise()
    {
        var ada = new AdaptiveAugmentation(target: 0.6, adjustmentImages: 1000, interval: 2);
        // r_t = 1 > 0.6 (every real scored positive): after 2 updates, p += 64 · 2 / 1000.
        ada.Observe(realSignSum: 64, realCount: 64, batchSize: 64).Should().BeFalse("adjusts every 2 updates");
        ada.Observe(64, 64, 64).Should().BeTrue();
        ada.Probability.Should().BeApproximately(0.128, 1e-12);
        ada.LastOverfitting.Should().Be(1);

        // r_t = 0.2 < 0.6: p falls by the same step.
        ada.Observe(12, 64, 64);
        ada.Observe(14, 64, 64);
        ada.LastOverfitting.Should().BeApproximately(26.0 / 128, 1e-12);
        ada.Probability.Should().BeApproximately(0, 1e-12);

        // Clamped to [0, 1].
        ada.Observe(-64, 64, 64);
        ada.Observe(-64, 64, 64);
        ada.Probability.Should().Be(0);
    }
}
