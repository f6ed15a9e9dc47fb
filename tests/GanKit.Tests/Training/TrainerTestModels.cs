using GanKit.Data;
using GanKit.Losses;
using GanKit.Models;
using GanKit.Training;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Training;

/// <summary>Small, seeded model pairs so trainer tests run in seconds.</summary>
internal static class TrainerTestModels
{
    public static (Generator G, Discriminator D) MixtureModels(long seed = 1, bool spectralNorm = false, int pack = 1)
    {
        var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(4).UseMlp(32, 2).WithSeed(seed).Build();
        var db = Discriminator.CreateBuilder().ForVectors(2).UseMlp(32, 2).WithPacking(pack).WithSeed(seed + 100);
        if (spectralNorm) db = db.WithSpectralNorm();
        return (g, db.Build());
    }

    public static (Generator G, Discriminator D) ConditionalDcgan(long seed = 1)
    {
        var g = Generator.CreateBuilder().ForImages(1, 16, 16).WithLatentSize(8).UseDcgan(4).WithClasses(3).WithSeed(seed).Build();
        var d = Discriminator.CreateBuilder().ForImages(1, 16, 16).UseDcgan(4).WithClasses(3).WithSeed(seed + 100).Build();
        return (g, d);
    }

    public static InMemoryDataset SmallImages(long seed = 5)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var random = GanKit.Runtime.Seeding.CreateGenerator(seed, "test-images");
        var images = TorchSharp.torch.rand(new long[] { 48, 1, 16, 16 }, generator: random) * 2 - 1;
        var labels = TorchSharp.torch.arange(48) % 3;
        return new InMemoryDataset(images, labels, 3, ownsTensors: true); // it takes its tensors out of the scope
    }

    /// <summary>The non-saturating loss, except that the discriminator loss is NaN on chosen calls.</summary>
    public sealed class PoisonedLoss(Func<int, bool> poison) : IGanLoss
    {
        private int _calls;

        public string Name => "ns";
        public bool SupportsLabelSmoothing => true;
        public IReadOnlyList<GanKit.Regularizers.IDiscriminatorRegularizer> RequiredRegularizers => [];
        public bool NeedsRealOutputForGenerator => false;

        public TorchSharp.torch.Tensor DiscriminatorLoss(TorchSharp.torch.Tensor realOutput, TorchSharp.torch.Tensor fakeOutput, double realTarget = 1)
        {
            var loss = GanLosses.NonSaturating.DiscriminatorLoss(realOutput, fakeOutput, realTarget);
            return poison(++_calls) ? loss * float.NaN : loss;
        }

        public TorchSharp.torch.Tensor GeneratorLoss(TorchSharp.torch.Tensor fakeOutput, TorchSharp.torch.Tensor? realOutput = null) => GanLosses.NonSaturating.GeneratorLoss(fakeOutput);
    }
}
