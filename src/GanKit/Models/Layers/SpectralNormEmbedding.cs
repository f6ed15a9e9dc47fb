using GanKit.Models.Initialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Layers;

/// <summary>A class embedding whose table is spectrally normalized (used by projection discriminators).</summary>
/// <remarks>
/// Usable in your own modules (see <see cref="Generator.FromModule"/>, <see cref="Discriminator.FromModule"/>): keep it in a
/// field and call <c>RegisterComponents()</c>. Its weight is a parameter and the power-iteration vectors <c>u</c>, <c>v</c>
/// are buffers, so the trainer trains the one and checkpoints (and exact resume) carry both. The power iteration runs
/// in training mode only; <c>eval()</c> freezes the estimate.
/// </remarks>
public sealed class SpectralNormEmbedding : nn.Module<Tensor, Tensor>, ISeededLayer
{
    private readonly Parameter weight;
    private readonly Tensor u;
    private readonly Tensor v;
    private readonly int _powerIterations;

    /// <summary>Creates the embedding with N(0, 1) initialisation.</summary>
    /// <param name="count">Number of classes.</param>
    /// <param name="dimension">Embedding size.</param>
    /// <param name="powerIterations">Power-iteration steps per training forward pass.</param>
    /// <param name="generator">Draws the initial weights and power-iteration vector; null uses torch's global generator.</param>
    public SpectralNormEmbedding(long count, long dimension, int powerIterations = 1, torch.Generator? generator = null) : base(nameof(SpectralNormEmbedding))
    {
        weight = new Parameter(randn(new[] { count, dimension }, generator: generator));
        (u, v) = SpectralNormalizer.InitialVectors(weight, generator);
        _powerIterations = powerIterations;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor labels) =>
        SpectralNormalizer.Normalize(weight, u, v, training, _powerIterations).index_select(0, labels);

    void ISeededLayer.ResetParameters(torch.Generator random)
    {
        using (no_grad()) weight.normal_(0, 1, random);
        SpectralNormalizer.ResetVectors(weight, u, v, random);
    }
}
