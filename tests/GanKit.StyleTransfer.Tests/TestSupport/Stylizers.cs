namespace GanKit.StyleTransfer.Tests.TestSupport;

/// <summary>Builders preconfigured with the tiny network and a small, fast setup.</summary>
public static class Stylizers
{
    public static StyleTransferOptimizerBuilder Tiny(TinyFeatureNetwork? network = null) =>
        StyleTransferOptimizer.CreateBuilder()
            .WithFeatureNetwork(network ?? new TinyFeatureNetwork(), ownsNetwork: network is null)
            .WithOptimizer(ImageMinimizers.Lbfgs(iterations: 10))
            .WithScales(1)
            .WithSeed(1);
}
