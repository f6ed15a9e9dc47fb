using GanKit.Models.Initialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Models.Layers;

/// <summary>A fully connected layer whose weight is spectrally normalized (largest singular value ≈ 1).</summary>
/// <remarks>
/// Usable in your own modules (see <see cref="Generator.FromModule"/>, <see cref="Discriminator.FromModule"/>): keep it in a
/// field and call <c>RegisterComponents()</c>. Its weight is a parameter and the power-iteration vectors <c>u</c>, <c>v</c>
/// are buffers, so the trainer trains the one and checkpoints (and exact resume) carry both. The power iteration runs
/// in training mode only; <c>eval()</c> freezes the estimate.
/// </remarks>
public sealed class SpectralNormLinear : nn.Module<Tensor, Tensor>, ISeededLayer
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly Tensor u;
    private readonly Tensor v;
    private readonly int _powerIterations;

    /// <summary>Creates the layer with PyTorch's default initialisation for linear layers.</summary>
    /// <param name="inputs">Input features.</param>
    /// <param name="outputs">Output features.</param>
    /// <param name="hasBias">Whether to add a bias.</param>
    /// <param name="powerIterations">Power-iteration steps per training forward pass.</param>
    /// <param name="generator">Draws the initial weights and power-iteration vector; null uses torch's global generator.</param>
    public SpectralNormLinear(long inputs, long outputs, bool hasBias = true, int powerIterations = 1, torch.Generator? generator = null) : base(nameof(SpectralNormLinear))
    {
        using var init = nn.Linear(inputs, outputs, hasBias);
        weight = new Parameter(init.weight!.detach().clone());
        bias = hasBias ? new Parameter(init.bias!.detach().clone()) : null;
        if (generator is not null) SpectralNormalizer.ResetWeights(weight, bias, generator);
        (u, v) = SpectralNormalizer.InitialVectors(weight, generator);
        _powerIterations = powerIterations;
        RegisterComponents();
    }

    /// <summary>The normalized weight as used in the forward pass (no power iteration).</summary>
    /// <returns>A new tensor.</returns>
    public Tensor NormalizedWeight() => SpectralNormalizer.Normalize(weight, u, v, training: false, 0);

    /// <inheritdoc />
    public override Tensor forward(Tensor input) =>
        F.linear(input, SpectralNormalizer.Normalize(weight, u, v, training, _powerIterations), bias);

    void ISeededLayer.ResetParameters(torch.Generator random)
    {
        SpectralNormalizer.ResetWeights(weight, bias, random);
        SpectralNormalizer.ResetVectors(weight, u, v, random);
    }
}
