using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Losses;

/// <summary>The mean and covariance of feature maps over all positions, and the 2-Wasserstein distance between Gaussians.</summary>
public static class FeatureMoments
{
    // Eigenvalues below this count as zero in the matrix square root: their gradient 1/(2√λ) would explode.
    private const double EigenvalueFloor = 1e-8;

    /// <summary>The per-channel mean <c>[C]</c> and the covariance <c>[C,C]</c> (divided by the number of positions) of features <c>[1,C,H,W]</c> or <c>[C,H,W]</c>; a batch is pooled.</summary>
    /// <param name="features">Feature maps.</param>
    /// <returns>The mean and covariance, differentiable with respect to <paramref name="features"/>.</returns>
    public static (Tensor Mean, Tensor Covariance) Compute(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() is not (3 or 4))
            throw new ArgumentException($"Features must be [N,C,H,W] or [C,H,W]; got [{string.Join(",", features.shape)}].", nameof(features));
        using var scope = NewDisposeScope();
        var batch = features.dim() == 3 ? features.unsqueeze(0) : features;
        long c = batch.shape[1];
        var flat = batch.transpose(0, 1).reshape(c, -1);
        var mean = flat.mean([1]);
        var centered = flat - mean.unsqueeze(1);
        var covariance = matmul(centered, centered.t()) / flat.shape[1];
        return (mean.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope());
    }

    /// <summary>The symmetric square root of a symmetric positive semi-definite matrix (negative eigenvalues count as 0).</summary>
    /// <param name="matrix">A symmetric <c>[C,C]</c> matrix.</param>
    /// <returns><c>V·diag(√λ)·Vᵀ</c>, in the matrix's dtype.</returns>
    public static Tensor SquareRoot(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        using var scope = NewDisposeScope();
        var (values, vectors) = Eigh(Symmetrized(matrix.to(ScalarType.Float64)));
        return matmul(vectors * values.clamp_min(0).sqrt().unsqueeze(0), vectors.t()).to(matrix.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The squared 2-Wasserstein distance between the Gaussians N(μ, Σ) and N(μₜ, Σₜ):
    /// <c>|μ − μₜ|² + tr Σ + tr Σₜ − 2·tr((Σₜ^½ Σ Σₜ^½)^½)</c>, differentiable in <paramref name="mean"/> and
    /// <paramref name="covariance"/>. The trace of the square root is the sum of the square roots of the eigenvalues,
    /// whose gradient is stable even when eigenvalues repeat.
    /// </summary>
    /// <param name="mean">μ <c>[C]</c>.</param>
    /// <param name="covariance">Σ <c>[C,C]</c>.</param>
    /// <param name="targetMean">μₜ <c>[C]</c>.</param>
    /// <param name="targetCovariance">Σₜ <c>[C,C]</c>.</param>
    /// <param name="targetCovarianceSqrt">Σₜ^½ (see <see cref="SquareRoot"/>), computed once per target.</param>
    /// <returns>A scalar.</returns>
    public static Tensor Wasserstein2(Tensor mean, Tensor covariance, Tensor targetMean, Tensor targetCovariance, Tensor targetCovarianceSqrt)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(covariance);
        ArgumentNullException.ThrowIfNull(targetMean);
        ArgumentNullException.ThrowIfNull(targetCovariance);
        ArgumentNullException.ThrowIfNull(targetCovarianceSqrt);
        using var scope = NewDisposeScope();
        var meanTerm = (mean - targetMean).square().sum();
        var product = matmul(matmul(targetCovarianceSqrt, covariance), targetCovarianceSqrt);
        var result = meanTerm + covariance.trace() + targetCovariance.trace() - 2 * RootTrace(product);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The squared 2-Wasserstein distance of <c>Wasserstein2(mean, covariance, …)</c> straight from feature maps <c>[1,C,H,W]</c>. With Fc the centred <c>[C,N]</c> features
    /// over √N and A = Σₜ^½·Fc, the matrix Σₜ^½ΣΣₜ^½ = A·Aᵀ has the same non-zero eigenvalues as the <c>[N,N]</c> matrix
    /// Aᵀ·A, so the smaller of the two is decomposed: at deep taps of small images (512 channels, a few hundred
    /// positions) that is both faster and far better conditioned.
    /// </summary>
    /// <param name="features">The features of the image being optimized.</param>
    /// <param name="targetMean">μₜ <c>[C]</c>.</param>
    /// <param name="targetCovariance">Σₜ <c>[C,C]</c>.</param>
    /// <param name="targetCovarianceSqrt">Σₜ^½.</param>
    /// <returns>A scalar.</returns>
    public static Tensor Wasserstein2FromFeatures(Tensor features, Tensor targetMean, Tensor targetCovariance, Tensor targetCovarianceSqrt)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targetMean);
        ArgumentNullException.ThrowIfNull(targetCovariance);
        ArgumentNullException.ThrowIfNull(targetCovarianceSqrt);
        using var scope = NewDisposeScope();
        var batch = features.dim() == 3 ? features.unsqueeze(0) : features;
        long c = batch.shape[1];
        var flat = batch.transpose(0, 1).reshape(c, -1);
        long n = flat.shape[1];
        var mean = flat.mean([1]);
        var centered = (flat - mean.unsqueeze(1)) / Math.Sqrt(n);
        var a = matmul(targetCovarianceSqrt, centered);
        var gram = c <= n ? matmul(a, a.t()) : matmul(a.t(), a);
        var result = (mean - targetMean).square().sum() + centered.square().sum() + targetCovariance.trace() - 2 * RootTrace(gram);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Σ √λᵢ over the eigenvalues of a symmetric PSD matrix, computed in float64.</summary>
    private static Tensor RootTrace(Tensor matrix)
    {
        var values = Eigh(Symmetrized(matrix.to(ScalarType.Float64))).Values;
        return values.clamp_min(EigenvalueFloor).sqrt().sum().to(matrix.dtype);
    }

    /// <summary>
    /// A symmetric eigendecomposition that survives the degenerate spectra of feature covariances (many zero
    /// eigenvalues): if LAPACK fails to converge, it retries with a growing multiple of the identity added, whose
    /// effect on the square roots is removed again below the floor.
    /// </summary>
    private static (Tensor Values, Tensor Vectors) Eigh(Tensor symmetric)
    {
        double scale = Math.Max(symmetric.diagonal().abs().mean().item<double>(), 1e-30);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                var input = attempt == 0 ? symmetric : symmetric + eye(symmetric.shape[0], dtype: symmetric.dtype, device: symmetric.device) * (scale * Math.Pow(10, attempt - 10));
                return linalg.eigh(input);
            }
            catch (ExternalException) when (attempt < 6)
            {
            }
        }
    }

    private static Tensor Symmetrized(Tensor matrix) => (matrix + matrix.t()) * 0.5;
}
