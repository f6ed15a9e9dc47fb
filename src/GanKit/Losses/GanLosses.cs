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
    /// The relativistic pairing loss (RpGAN), R3GAN's objective (Huang et al. 2024): real and generated samples are paired
    /// one to one and D minimises softplus(−(D(x) − D(G(z)))), G softplus(−(D(G(z)) − D(x))). Combine it with the R1 and
    /// R2 penalties (<see cref="Regularizers.R1Penalty"/>, <see cref="Regularizers.R2Penalty"/>) as R3GAN does.
    /// </summary>
    public static IGanLoss RelativisticPairing { get; } = new RelativisticPairingLoss();

    /// <summary>
    /// WGAN-GP (Gulrajani et al. 2017): the Wasserstein critic loss plus a gradient penalty of weight
    /// <paramref name="lambda"/> on interpolates between real and generated samples.
    /// </summary>
    /// <param name="lambda">The penalty weight (10 in the paper).</param>
    /// <returns>The loss.</returns>
    public static IGanLoss WassersteinGp(double lambda = 10.0) => new WassersteinLoss(lambda);

    /// <summary>Looks a loss up by its <see cref="IGanLoss.Name"/> (as stored in checkpoints and used by the CLI).</summary>
    /// <param name="name">"minimax", "ns" or "non-saturating", "hinge", "lsgan" or "least-squares", "rpgan", "wgan-gp".</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static IGanLoss FromName(string name) => name.ToLowerInvariant() switch
    {
        "minimax" => Minimax,
        "ns" or "non-saturating" or "nonsaturating" => NonSaturating,
        "hinge" => Hinge,
        "rpgan" or "relativistic-pairing" => RelativisticPairing,
        "lsgan" or "least-squares" or "leastsquares" => LeastSquares,
        "wgan-gp" or "wgangp" => WassersteinGp(),
        _ when name.StartsWith("wgan-gp:", StringComparison.OrdinalIgnoreCase)
               && double.TryParse(name.AsSpan(8), System.Globalization.CultureInfo.InvariantCulture, out var l) => WassersteinGp(l),
        _ => throw new ArgumentException($"Unknown GAN loss '{name}'; use minimax, ns, hinge, lsgan, rpgan or wgan-gp.", nameof(name)),
    };
}
