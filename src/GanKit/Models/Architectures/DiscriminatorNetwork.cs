using GanKit.Models.Layers;
using static TorchSharp.torch;

namespace GanKit.Models.Architectures;

/// <summary>
/// The network inside a <see cref="Discriminator"/>. Subclasses map (packed) samples to a feature vector h;
/// this base class adds the output layer, the optional minibatch-std feature and the projection term
/// ⟨embed(y), h⟩ of a projection discriminator (Miyato &amp; Koyama 2018).
/// </summary>
internal abstract class DiscriminatorNetwork : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly DiscriminatorSpec _spec;
    private MinibatchStdDev? minibatchStd;
    private nn.Module<Tensor, Tensor>? output;
    private nn.Module<Tensor, Tensor>? projection;

    protected DiscriminatorNetwork(string name, DiscriminatorSpec spec) : base(name) => _spec = spec;

    public static DiscriminatorNetwork Create(DiscriminatorSpec spec) => spec.Architecture switch
    {
        GanArchitecture.Mlp => new MlpDiscriminatorNetwork(spec),
        GanArchitecture.Dcgan => new DcganDiscriminatorNetwork(spec),
        GanArchitecture.ResNet => new ResNetDiscriminatorNetwork(spec),
        GanArchitecture.Msg => new MsgDiscriminatorNetwork(spec),
        GanArchitecture.Progressive => new ProgressiveDiscriminatorNetwork(spec),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Architecture, "Unknown architecture."),
    };

    /// <summary>Called by subclasses once their body is built, with the body's output feature shape (without the batch).</summary>
    protected void CreateHead(long[] featureShape)
    {
        long features = featureShape.Aggregate(1L, (a, b) => a * b);
        if (_spec.MinibatchStdDev)
        {
            minibatchStd = new MinibatchStdDev(MinibatchStdDev.DefaultGroupSize);
            features += featureShape.Length == 3 ? featureShape[1] * featureShape[2] : 1;
        }

        output = Architectures.LayerFactory.Linear(features, 1, _spec.SpectralNorm);
        if (_spec.ClassCount is { } classes) projection = Architectures.LayerFactory.Embedding(classes, features, _spec.SpectralNorm);
    }

    protected abstract Tensor Body(Tensor packed);

    public override Tensor forward(Tensor samples, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var h = Body(PacGan.Pack(samples, _spec.PackSize));
        if (minibatchStd is not null) h = minibatchStd.call(h);
        h = h.flatten(1);
        var score = output!.call(h).squeeze(1);
        if (projection is not null) score = score + (projection.call(labels!) * h).sum(1);
        return score.MoveToOuterDisposeScope();
    }
}
