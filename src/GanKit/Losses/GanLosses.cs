namespace GanKit.Losses;

/// <summary>The standard adversarial losses.</summary>
public static class GanLosses
{
    /// <summary>
    /// The original minimax game (Goodfellow et al. 2014): D minimises BCE, G minimises log(1 − D(G(z))).
    /// G's gradient vanishes when D is confident; mostly of historical and teaching interest.
    /// </summary>
    public static IGanLoss Minimax { get; } = new MinimaxLoss();

    /// <summary>The non-saturating variant: G maximises log D(G(z)). The usual default.</summary>
    public static IGanLoss NonSaturating { get; } = new NonSaturatingLoss();

    /// <summary>The hinge loss (Lim &amp; Ye 2017; SNGAN, BigGAN): D minimises relu(1 − D(x)) + relu(1 + D(G(z))), G minimises −D(G(z)).</summary>
    public static IGanLoss Hinge { get; } = new HingeLoss();

    /// <summary>Least squares (LSGAN, Mao et al. 2017): D pushes real outputs to 1 and fake to 0, G pushes fake to 1.</summary>
    public static IGanLoss LeastSquares { get; } = new LeastSquaresLoss();

    /// <summary>
    /// WGAN-GP (Gulrajani et al. 2017): the Wasserstein critic loss plus a gradient penalty of weight
    /// <paramref name="lambda"/> on interpolates between real and generated samples.
    /// </summary>
    /// <param name="lambda">The penalty weight (10 in the paper).</param>
    /// <returns>The loss.</returns>
    public static IGanLoss WassersteinGp(double lambda = 10.0) => new WassersteinLoss(lambda);

    /// <summary>Looks a loss up by its <see cref="IGanLoss.Name"/> (as stored in checkpoints); WGAN-GP gets its default penalty weight.</summary>
    /// <param name="name">"minimax", "ns" or "non-saturating", "hinge", "lsgan" or "least-squares", "wgan-gp".</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static IGanLoss FromName(string name) => name.ToLowerInvariant() switch
    {
        "minimax" => Minimax,
        "ns" or "non-saturating" or "nonsaturating" => NonSaturating,
        "hinge" => Hinge,
        "lsgan" or "least-squares" or "leastsquares" => LeastSquares,
        "wgan-gp" or "wgangp" => WassersteinGp(),
        _ => throw new ArgumentException($"Unknown GAN loss '{name}'; use minimax, ns, hinge, lsgan or wgan-gp.", nameof(name)),
    };
}
