using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Data;

/// <summary>
/// A mixture of equally weighted isotropic Gaussians in 2D: the standard toy problem for studying mode collapse
/// (VEEGAN, PacGAN). Its modes are known, so coverage can be measured exactly.
/// </summary>
public sealed class GaussianMixture
{
    private readonly double[,] _modes;

    /// <summary>Creates a mixture.</summary>
    /// <param name="name">A short name, e.g. "ring8".</param>
    /// <param name="modes">The centres, one (x, y) pair each.</param>
    /// <param name="standardDeviation">The standard deviation of every component.</param>
    public GaussianMixture(string name, IReadOnlyList<(double X, double Y)> modes, double standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(modes);
        if (modes.Count == 0) throw new ArgumentException("A mixture needs at least one mode.", nameof(modes));
        if (!(standardDeviation > 0)) throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "Must be positive.");
        Name = name;
        StandardDeviation = standardDeviation;
        _modes = new double[modes.Count, 2];
        for (int i = 0; i < modes.Count; i++) (_modes[i, 0], _modes[i, 1]) = modes[i];
        Modes = modes.ToArray();
    }

    /// <summary>Eight modes evenly spaced on a circle of radius 1, σ = 0.01 (the VEEGAN / PacGAN ring).</summary>
    public static GaussianMixture Ring8 { get; } = new("ring8",
        Enumerable.Range(0, 8).Select(k => (Math.Cos(2 * Math.PI * k / 8), Math.Sin(2 * Math.PI * k / 8))).ToArray(), 0.01);

    /// <summary>25 modes on the grid {-4,-2,0,2,4}², σ = 0.05 (the VEEGAN / PacGAN grid).</summary>
    public static GaussianMixture Grid25 { get; } = new("grid25",
        (from x in new[] { -4, -2, 0, 2, 4 } from y in new[] { -4, -2, 0, 2, 4 } select ((double)x, (double)y)).ToArray(), 0.05);

    /// <summary>A short name.</summary>
    public string Name { get; }

    /// <summary>The centres of the components.</summary>
    public IReadOnlyList<(double X, double Y)> Modes { get; }

    /// <summary>The standard deviation of every component.</summary>
    public double StandardDeviation { get; }

    /// <summary>The modes as a float32 tensor <c>[K,2]</c>.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor ModesTensor()
    {
        TorchRuntime.EnsureLoaded();
        return tensor(Modes.SelectMany(m => new[] { (float)m.X, (float)m.Y }).ToArray(), new long[] { Modes.Count, 2 });
    }

    /// <summary>Draws samples.</summary>
    /// <param name="count">How many.</param>
    /// <param name="generator">The random source (seeded for reproducible sets).</param>
    /// <param name="labels">When not null, receives each sample's component index <c>[count]</c>.</param>
    /// <returns><c>[count, 2]</c> float32 points.</returns>
    public Tensor Sample(long count, Generator generator, Action<Tensor>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Must be at least 1.");
        using var scope = NewDisposeScope();
        var component = randint(0, Modes.Count, new long[] { count }, generator: generator);
        using var modes = ModesTensor();
        var points = modes.index_select(0, component) + randn(new long[] { count, 2 }, generator: generator) * (float)StandardDeviation;
        labels?.Invoke(component.MoveToOuterDisposeScope());
        return points.MoveToOuterDisposeScope();
    }

    /// <summary>A fixed, seeded data set of <paramref name="count"/> points, labelled by component.</summary>
    /// <param name="count">How many points (default 100,000).</param>
    /// <param name="seed">The seed.</param>
    /// <returns>A data set of <c>[2]</c> vectors.</returns>
    public InMemoryDataset CreateDataset(long count = 100_000, long seed = 0)
    {
        using var generator = Seeding.CreateGenerator(seed, "mixture:" + Name);
        Tensor? labels = null;
        var points = Sample(count, generator, l => labels = l);
        return new InMemoryDataset(points, labels, Modes.Count, ownsTensors: true);
    }
}
