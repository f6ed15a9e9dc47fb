namespace GanKit.Augmentation;

/// <summary>
/// The adaptive augmentation controller of StyleGAN2-ADA (Karras et al. 2020): it measures D's overfitting as
/// r_t = E[sign(D(x_real))] over the last <see cref="Interval"/> D updates and moves the augmentation probability p
/// by sign(r_t − target) · (batch · interval) / <see cref="AdjustmentImages"/>, clamped to [0, 1]: up while D is too sure
/// of the reals, down otherwise. With ADA's defaults p can go from 0 to 1 in 500k real images.
/// </summary>
public sealed class AdaptiveAugmentation
{
    private double _signSum;
    private long _count;
    private int _updates;

    /// <summary>Creates the controller.</summary>
    /// <param name="target">The target r_t (0.6 in ADA).</param>
    /// <param name="adjustmentImages">Images over which p may move by 1 (500,000 in ADA).</param>
    /// <param name="interval">D updates between adjustments (4 in ADA).</param>
    /// <param name="initialProbability">p at the start.</param>
    public AdaptiveAugmentation(double target = 0.6, double adjustmentImages = 500_000, int interval = 4, double initialProbability = 0)
    {
        if (!(target is > -1 and < 1)) throw new ArgumentOutOfRangeException(nameof(target), target, "The target must be in (−1, 1).");
        if (!(adjustmentImages > 0) || double.IsInfinity(adjustmentImages)) throw new ArgumentOutOfRangeException(nameof(adjustmentImages), adjustmentImages, "Must be positive and finite.");
        if (interval < 1) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be at least 1.");
        if (!(initialProbability is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(initialProbability), initialProbability, "Must be in [0, 1].");
        Target = target;
        AdjustmentImages = adjustmentImages;
        Interval = interval;
        Probability = initialProbability;
    }

    /// <summary>The target r_t.</summary>
    public double Target { get; }

    /// <summary>Images over which p may move by 1.</summary>
    public double AdjustmentImages { get; }

    /// <summary>D updates between adjustments.</summary>
    public int Interval { get; }

    /// <summary>The current augmentation probability p.</summary>
    public double Probability { get; set; }

    /// <summary>The r_t of the last adjustment, or null before the first.</summary>
    public double? LastOverfitting { get; private set; }

    /// <summary>Records one D update's outputs on (augmented) real samples; adjusts p every <see cref="Interval"/> calls.</summary>
    /// <param name="realSignSum">The sum of sign(D(x)) over the batch's real outputs.</param>
    /// <param name="realCount">How many real outputs that sum covers.</param>
    /// <param name="batchSize">Real images per D update.</param>
    /// <returns>Whether p was adjusted.</returns>
    public bool Observe(double realSignSum, long realCount, int batchSize)
    {
        if (realCount < 1) throw new ArgumentOutOfRangeException(nameof(realCount), realCount, "At least one output.");
        _signSum += realSignSum;
        _count += realCount;
        if (++_updates < Interval) return false;
        double rt = _signSum / _count;
        LastOverfitting = rt;
        Probability = Math.Clamp(Probability + Math.Sign(rt - Target) * (double)batchSize * Interval / AdjustmentImages, 0, 1);
        _signSum = 0;
        _count = 0;
        _updates = 0;
        return true;
    }
}
