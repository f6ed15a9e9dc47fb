using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Models.Layers;

/// <summary>
/// Spectral normalization (Miyato et al. 2018): divides a weight by an estimate of its largest singular value,
/// refined by one power-iteration step per training forward pass. The vectors u and v are module buffers, so they
/// are saved and restored with the weights and a resumed run continues the same estimate.
/// </summary>
internal static class SpectralNormalizer
{
    private const double Epsilon = 1e-12;

    public static (Tensor U, Tensor V) InitialVectors(Tensor weight, TorchSharp.torch.Generator? random)
    {
        using var scope = NewDisposeScope();
        var matrix = weight.detach().reshape(weight.shape[0], -1);
        var u = F.normalize(randn(new[] { matrix.shape[0] }, generator: random).to(weight.device), p: 2, dim: 0, eps: Epsilon);
        var v = F.normalize(matrix.t().mv(u), p: 2, dim: 0, eps: Epsilon);
        return (u.MoveToOuterDisposeScope(), v.MoveToOuterDisposeScope());
    }

    /// <summary>PyTorch's default initialisation of a linear or convolution layer, drawn from the given generator.</summary>
    public static void ResetWeights(Tensor weight, Tensor? bias, TorchSharp.torch.Generator random)
    {
        using var noGrad = no_grad();
        double bound = 1.0 / Math.Sqrt(Initialization.WeightInitialization.FanIn(weight));
        weight.uniform_(-bound, bound, random);
        bias?.uniform_(-bound, bound, random);
    }

    /// <summary>Re-draws u (and derives v) in place, e.g. after the weight was re-initialised.</summary>
    public static void ResetVectors(Tensor weight, Tensor u, Tensor v, TorchSharp.torch.Generator random)
    {
        using var noGrad = no_grad();
        var (newU, newV) = InitialVectors(weight, random);
        using (newU) u.copy_(newU);
        using (newV) v.copy_(newV);
    }

    public static Tensor Normalize(Tensor weight, Tensor u, Tensor v, bool training, int powerIterations)
    {
        using var scope = NewDisposeScope();
        var matrix = weight.reshape(weight.shape[0], -1);
        if (training)
        {
            using var noGrad = no_grad();
            var w = matrix.detach();
            for (int i = 0; i < powerIterations; i++)
            {
                v.copy_(F.normalize(w.t().mv(u), p: 2, dim: 0, eps: Epsilon));
                u.copy_(F.normalize(w.mv(v), p: 2, dim: 0, eps: Epsilon));
            }
        }

        // σ = uᵀ W v with u, v held constant: gradients flow through W only, as in the paper. The clones keep the
        // values this forward used, since a later forward in the same step (e.g. on fake samples) updates u, v in place.
        var sigma = training ? u.clone().dot(matrix.mv(v.clone())) : u.dot(matrix.mv(v));
        return (weight / sigma).MoveToOuterDisposeScope();
    }
}
