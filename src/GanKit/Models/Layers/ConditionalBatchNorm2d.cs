using GanKit.Models.Initialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Models.Layers;

/// <summary>
/// Batch normalization whose scale and shift are looked up per class (Dumoulin et al.; used by SNGAN/BigGAN
/// generators). Labels are required.
/// </summary>
public sealed class ConditionalBatchNorm2d : nn.Module<Tensor, Tensor?, Tensor>, ISeededLayer
{
    private readonly BatchNorm2d norm;
    private readonly Embedding gamma;
    private readonly Embedding beta;

    /// <summary>Creates the layer.</summary>
    /// <param name="channels">Feature channels.</param>
    /// <param name="classes">Number of classes.</param>
    public ConditionalBatchNorm2d(long channels, long classes) : base(nameof(ConditionalBatchNorm2d))
    {
        norm = nn.BatchNorm2d(channels, affine: false);
        gamma = nn.Embedding(classes, channels);
        beta = nn.Embedding(classes, channels);
        ResetScaleAndShift();
        RegisterComponents();
    }

    // Identity at initialisation: nothing random to draw.
    void ISeededLayer.ResetParameters(torch.Generator random) => ResetScaleAndShift();

    private void ResetScaleAndShift()
    {
        using (no_grad())
        {
            gamma.weight!.fill_(1);
            beta.weight!.zero_();
        }
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor? labels)
    {
        ArgumentNullException.ThrowIfNull(labels, nameof(labels));
        using var scope = NewDisposeScope();
        var normalized = norm.call(input);
        var scale = gamma.call(labels).unsqueeze(-1).unsqueeze(-1);
        var shift = beta.call(labels).unsqueeze(-1).unsqueeze(-1);
        return (normalized * scale + shift).MoveToOuterDisposeScope();
    }
}
