namespace GanKit.Benchmarks.Quality;

/// <summary>
/// The quality benchmarks behind <c>docs/benchmarks.md</c>: long, seeded training runs whose results are compared with the
/// published tables. Not BenchmarkDotNet benchmarks; the benchmark program's verbs <c>quality-mixtures</c> and
/// <c>quality-fmnist</c> call these methods.
/// </summary>
public static class QualityBenchmarks
{
    /// <summary>
    /// Ring-8 and grid-25 mode coverage for the recipes of <c>MixtureRecipe</c>, several seeds each.
    /// Options: <c>--steps N</c> (default 5000), <c>--best-steps N</c> (default 20000), <c>--seeds 1,2,3,4,5</c>, <c>--recipes gan,pacgan2,...</c>,
    /// <c>--mixtures ring8,grid25</c>, <c>--lr</c>, <c>--best-lr</c>, <c>--best-pack</c>, <c>--best-ema</c>, <c>--g-width</c>, <c>--d-width</c>,
    /// <c>--threads 1</c>, <c>--out artifacts/quality/mixtures.md</c>.
    /// </summary>
    /// <param name="args">The options.</param>
    /// <returns>The process exit code.</returns>
    public static int RunMixtures(string[] args) => MixtureBenchmark.Run(args);

    /// <summary>
    /// Fashion-MNIST: DCGAN and the best recipe evaluated at several training lengths in ResNet18 and classifier feature spaces,
    /// beside the real-data floor. Options: <c>--lengths 1000,2500,5000</c>, <c>--samples 10000</c>, <c>--seed 1</c>,
    /// <c>--recipes dcgan,best</c>, <c>--threads 2</c>, <c>--cache DIR</c> (classifier cache), <c>--data DIR</c>, <c>--out FILE</c>.
    /// </summary>
    /// <param name="args">The options.</param>
    /// <returns>The process exit code.</returns>
    public static int RunFashionMnist(string[] args) => FashionMnistBenchmark.Run(args);
}
