namespace GanKit.Augmentation;

/// <summary>The settings of an <see cref="AdaptiveAugmentation"/> controller, as plain data (the trainer creates the controller).</summary>
/// <param name="Target">The target r_t = E[sign(D(x_real))] (0.6 in ADA).</param>
/// <param name="AdjustmentImages">Images over which p may move by 1 (500,000 in ADA; smaller reacts faster in short runs).</param>
/// <param name="Interval">D updates between adjustments (4 in ADA).</param>
/// <param name="InitialProbability">p at the start.</param>
public sealed record AdaptiveAugmentationSettings(double Target = 0.6, double AdjustmentImages = 500_000, int Interval = 4, double InitialProbability = 0)
{
    /// <summary>Creates a controller with these settings.</summary>
    /// <returns>The controller.</returns>
    public AdaptiveAugmentation CreateController() => new(Target, AdjustmentImages, Interval, InitialProbability);
}
