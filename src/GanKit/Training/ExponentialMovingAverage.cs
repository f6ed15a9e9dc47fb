using GanKit.Models;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Training;

/// <summary>
/// An exponential moving average of a generator's weights (Yazıcı et al. 2019; used by ProGAN, StyleGAN, BigGAN):
/// θ_ema ← β·θ_ema + (1 − β)·θ after every generator step. Buffers (batch-norm statistics) are copied as they are.
/// Sampling from the average usually gives visibly better images than the raw generator.
/// The average is a second instance of the generator made by <see cref="Generator.CreateCopy"/>: the built-in factory,
/// or for a module of your own the factory given to <see cref="Generator.FromModule"/>, then a copy of the state dict.
/// </summary>
public sealed class ExponentialMovingAverage : IDisposable
{
    private readonly Generator _source;
    private readonly (Tensor Average, Tensor Source)[] _parameters;
    private readonly (Tensor Average, Tensor Source)[] _buffers;

    /// <summary>Creates the average, starting as a copy of <paramref name="source"/>.</summary>
    /// <param name="source">The generator being trained.</param>
    /// <param name="decay">β in [0, 1); 0.999 is typical.</param>
    /// <exception cref="InvalidOperationException">The generator has no factory to create the average with (see <see cref="Generator.CanCreateCopy"/>).</exception>
    public ExponentialMovingAverage(Generator source, double decay)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!(decay is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must be in [0, 1).");
        _source = source;
        Decay = decay;
        Average = source.CreateCopy();
        foreach (var p in Average.Parameters()) p.requires_grad_(false);
        Average.Module.eval();

        var sourceParams = source.Module.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        _parameters = Average.Module.named_parameters().Select(p => ((Tensor)p.parameter, sourceParams[p.name])).ToArray();
        var sourceBuffers = source.Module.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        _buffers = Average.Module.named_buffers().Select(b => (b.buffer, sourceBuffers[b.name])).ToArray();
    }

    /// <summary>The decay β.</summary>
    public double Decay { get; }

    /// <summary>The averaged generator (evaluation mode, no gradients).</summary>
    public Generator Average { get; }

    /// <summary>Moves the average one step towards the source generator's current weights.</summary>
    public void Update() => Update(Decay);

    /// <summary>Moves the average one step with a decay of this step's own (e.g. from an <see cref="EmaWarmup"/> schedule).</summary>
    /// <param name="decay">β in [0, 1) for this step; 0 copies the source.</param>
    public void Update(double decay)
    {
        if (!(decay is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must be in [0, 1).");
        using var noGrad = no_grad();
        foreach (var (average, source) in _parameters) average.lerp_(source, 1 - decay);
        foreach (var (average, source) in _buffers) average.copy_(source);
    }

    /// <summary>Disposes the averaged generator.</summary>
    public void Dispose() => Average.Dispose();
}
