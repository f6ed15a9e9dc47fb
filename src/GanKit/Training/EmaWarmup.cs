namespace GanKit.Training;

/// <summary>
/// StyleGAN2-ADA's EMA schedule: the EMA's half-life is given in images, <see cref="HalfLifeImages"/>, and ramps up with
/// the images seen so far, so early averages are not dominated by the initial weights:
/// ema_nimg = min(half-life, images seen · <see cref="RampUp"/>) and β = 0.5^(batch / ema_nimg).
/// </summary>
/// <param name="HalfLifeImages">The half-life in images once ramped up (StyleGAN2-ADA: 10,000 × batch/32 images, i.e. ema_kimg × 1000).</param>
/// <param name="RampUp">The ramp: the half-life is at most this fraction of the images seen (0.05 in StyleGAN2-ADA); null = no ramp.</param>
public sealed record EmaWarmup(double HalfLifeImages, double? RampUp = 0.05)
{
    /// <summary>β for an update after <paramref name="imagesSeen"/> images, with batches of <paramref name="batchSize"/>.</summary>
    /// <param name="imagesSeen">Images the generator was trained on before this update (StyleGAN2-ADA's cur_nimg).</param>
    /// <param name="batchSize">Images per step.</param>
    /// <returns>β in [0, 1).</returns>
    public double Beta(long imagesSeen, int batchSize)
    {
        double halfLife = HalfLifeImages;
        if (RampUp is { } ramp) halfLife = Math.Min(halfLife, imagesSeen * ramp);
        return halfLife > 0 ? Math.Pow(0.5, batchSize / halfLife) : 0;
    }

    internal IEnumerable<string> Problems()
    {
        if (!(HalfLifeImages > 0) || double.IsInfinity(HalfLifeImages)) yield return $"The EMA half-life must be positive and finite; got {HalfLifeImages} images.";
        if (RampUp is { } r && (!(r > 0) || double.IsInfinity(r))) yield return $"The EMA ramp-up must be positive and finite; got {r}.";
    }
}
