using GanKit.Configuration;
using GanKit.StyleTransfer.Optimization;

namespace GanKit.StyleTransfer;

/// <summary>
/// How the pixels are optimized. Create one with <see cref="ImageMinimizers"/>; the two kinds are
/// <see cref="LbfgsMinimizerSettings"/> and <see cref="AdamMinimizerSettings"/>.
/// </summary>
public abstract record MinimizerSettings
{
    private protected MinimizerSettings() { }

    /// <summary>Iterations per scale. With several scales each one runs this many.</summary>
    public int Iterations { get; init; }

    /// <summary>A short name for logs, e.g. "L-BFGS".</summary>
    public abstract string Name { get; }

    internal abstract IImageMinimizer CreateMinimizer(int iterations);

    internal virtual void Validate(ValidationErrors errors)
    {
        errors.Require(Iterations >= 1, $"{Name}: iterations must be at least 1 (was {Iterations}).");
    }
}

/// <summary>
/// L-BFGS with a strong-Wolfe line search (the optimizer of Gatys et al. and of most reference implementations).
/// Each iteration costs one or more evaluations (forward and backward passes), usually about 1.1 to 1.3.
/// </summary>
public sealed record LbfgsMinimizerSettings : MinimizerSettings
{
    /// <summary>How many curvature pairs are kept. Default 50; more remembers more curvature at 2 images of memory per pair.</summary>
    public int HistorySize { get; init; } = 50;

    /// <summary>
    /// The most memory the curvature pairs may take, in bytes: for large images the history is shortened to fit
    /// (at least 3 pairs). Default 1 GiB, which keeps the full 50 pairs up to about 1400 × 1050 px and 14 pairs at
    /// 2048 × 1536 px, where 50 pairs alone would take 3.8 GB.
    /// </summary>
    public long MaxHistoryBytes { get; init; } = 1L << 30;

    /// <summary>The most evaluations one line search may spend. Default 25.</summary>
    public int MaxLineSearchEvaluations { get; init; } = 25;

    /// <inheritdoc />
    public override string Name => "L-BFGS";

    internal override IImageMinimizer CreateMinimizer(int iterations) => new LbfgsMinimizer(iterations, HistorySize, MaxLineSearchEvaluations, MaxHistoryBytes);

    internal override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        errors.Require(HistorySize >= 1, $"L-BFGS: history size must be at least 1 (was {HistorySize}).");
        errors.Require(MaxHistoryBytes >= 1, $"L-BFGS: the history's memory limit must be positive (was {MaxHistoryBytes}).");
        errors.Require(MaxLineSearchEvaluations >= 1, $"L-BFGS: line-search evaluations must be at least 1 (was {MaxLineSearchEvaluations}).");
    }
}

/// <summary>Adam on the pixels: one evaluation per step and no line search.</summary>
public sealed record AdamMinimizerSettings : MinimizerSettings
{
    /// <summary>The step size in pixel units (the image is in [0, 1]). Default 0.02.</summary>
    public double LearningRate { get; init; } = 0.02;

    /// <summary>The decay of the gradient's running mean. Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>The decay of the squared gradient's running mean. Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the denominator for stability. Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <inheritdoc />
    public override string Name => "Adam";

    internal override IImageMinimizer CreateMinimizer(int iterations) => new AdamMinimizer(iterations, LearningRate, Beta1, Beta2, Epsilon);

    internal override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        errors.RequirePositive(LearningRate, "Adam: learning rate");
        errors.Require(Beta1 is >= 0 and < 1, $"Adam: beta1 must be in [0, 1) (was {Beta1}).");
        errors.Require(Beta2 is >= 0 and < 1, $"Adam: beta2 must be in [0, 1) (was {Beta2}).");
        errors.RequirePositive(Epsilon, "Adam: epsilon");
    }
}

/// <summary>An optimizer of your own: a factory that creates an <see cref="IImageMinimizer"/> for a number of iterations.</summary>
public sealed record CustomMinimizerSettings : MinimizerSettings
{
    internal CustomMinimizerSettings(string name, Func<int, IImageMinimizer> factory)
    {
        CustomName = name;
        Factory = factory;
    }

    private string CustomName { get; }

    /// <summary>Creates the minimizer for one scale from that scale's iteration count.</summary>
    public Func<int, IImageMinimizer> Factory { get; }

    /// <inheritdoc />
    public override string Name => CustomName;

    internal override IImageMinimizer CreateMinimizer(int iterations) =>
        Factory(iterations) ?? throw new InvalidOperationException($"The factory of optimizer '{Name}' returned null.");

    internal override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        errors.Require(!string.IsNullOrWhiteSpace(CustomName), "A custom optimizer needs a name.");
    }
}

/// <summary>Creates the optimizers the stylizer supports.</summary>
public static class ImageMinimizers
{
    /// <summary>L-BFGS with a strong-Wolfe line search; the default, and the best quality per iteration.</summary>
    /// <param name="iterations">Iterations per scale. Default 200 (the default preset's).</param>
    /// <param name="historySize">Curvature pairs kept. Default 50.</param>
    /// <returns>The optimizer settings.</returns>
    public static LbfgsMinimizerSettings Lbfgs(int iterations = 200, int historySize = 50) =>
        new() { Iterations = iterations, HistorySize = historySize };

    /// <summary>Adam on the pixels.</summary>
    /// <param name="learningRate">Step size in pixel units (image in [0, 1]). Default 0.02.</param>
    /// <param name="steps">Steps per scale. Default 500.</param>
    /// <returns>The optimizer settings.</returns>
    public static AdamMinimizerSettings Adam(double learningRate = 0.02, int steps = 500) =>
        new() { Iterations = steps, LearningRate = learningRate };

    /// <summary>Your own minimizer (e.g. a different quasi-Newton method), created once per scale.</summary>
    /// <param name="name">A short name for logs.</param>
    /// <param name="iterations">Iterations per scale (unless <see cref="StyleTransferOptions.ScaleIterations"/> says otherwise).</param>
    /// <param name="factory">Creates the minimizer for a scale from its iteration count.</param>
    /// <returns>The optimizer settings.</returns>
    public static CustomMinimizerSettings Custom(string name, int iterations, Func<int, IImageMinimizer> factory)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(factory);
        return new CustomMinimizerSettings(name, factory) { Iterations = iterations };
    }
}
