namespace GanKit.Training;

/// <summary>
/// StyleGAN2's Adam adjustment for lazy regularization taken as extra optimizer steps: with one regularization step per
/// k D updates, D's learning rate is multiplied by c = k/(k + 1) and its betas raised to the power c, so the optimizer's
/// time scales stay those of k plain steps.
/// </summary>
/// <param name="Ratio">c = k/(k + 1), or 1 for no adjustment.</param>
public readonly record struct LazyRegularizationAdjustment(double Ratio)
{
    /// <summary>The adjustment for a regularization interval k (none for k = 1).</summary>
    /// <param name="interval">k, at least 1.</param>
    /// <returns>The adjustment.</returns>
    public static LazyRegularizationAdjustment ForInterval(int interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, 1);
        return new(interval == 1 ? 1 : interval / (interval + 1.0));
    }

    /// <summary>The adjusted optimizer settings: learning rate × c, β1^c, β2^c.</summary>
    /// <param name="settings">D's optimizer settings.</param>
    /// <returns>The adjusted settings.</returns>
    public OptimizerSettings Apply(OptimizerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Ratio == 1 ? settings : settings with
        {
            LearningRate = settings.LearningRate * Ratio,
            Beta1 = Math.Pow(settings.Beta1, Ratio),
            Beta2 = Math.Pow(settings.Beta2, Ratio),
        };
    }
}
