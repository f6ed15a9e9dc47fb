using GanKit.Data;
using GanKit.Models;
using GanKit.Tests.TestSupport;
using GanKit.Training;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Training;

/// <summary>
/// One ownership rule: GanKit never disposes what it is given unless the caller says so, and code that disposes what
/// it creates (as the README and the samples do) leaves no tensor behind. Counts process-wide live tensors, so serial.
/// </summary>
[Collection(GlobalTorchStateCollection.Name)]
public sealed class OwnershipTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_sample_programs_training_and_sampling_path_leaves_no_live_tensors()
    {
        GanKit.Runtime.TorchRuntime.EnsureLoaded();
        // TrainFashionMnist's path, shrunk: data and a conditional model pair, then a trainer with checkpoints, a sample
        // grid, and everything disposed. (Model construction itself is measured separately: TorchSharp's layer
        // constructors still leave a few tensors per model, see the report of this branch.)
        using var data = TrainerTestModels.SmallImages();
        using var generator = Generator.CreateBuilder().WithLatentSize(8).ForImages(1, 16, 16).UseDcgan(4).WithClasses(3).WithSeed(1).Build();
        using var discriminator = Discriminator.CreateBuilder().ForImages(1, 16, 16).UseDcgan(4).WithSpectralNorm().WithClasses(3).WithSeed(2).Build();
        long before = LiveTensors();
        {
            using var trainer = GanTrainer.CreateBuilder(generator, discriminator).WithBatchSize(12).WithSeed(42)
                .WithCheckpoints(_dir.File("run"), every: 3, keep: 2).Build();
            var result = await trainer.TrainAsync(data, 7, new Progress<TrainingProgress>());
            result.FinalStep.Should().Be(7);
            using var range = arange(9);
            using var classes = range % 3;
            using var images = trainer.Sample(9, classes, seed: 0);
            images.shape.Should().Equal(9, 1, 16, 16);
        }

        LiveTensors().Should().Be(before, "everything created was disposed, and the trainer keeps no tensor alive behind the caller's back");
    }

    // Tensors still reachable. A few unreachable temporaries of TorchSharp's layer constructors wait for the finalizer
    // (a handful per model); collecting first keeps them from making the count depend on the GC's timing.
    private static long LiveTensors()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return Tensor.TotalCount;
    }

    [Fact]
    public void Injected_modules_and_tensors_are_disposed_only_when_the_caller_says_so()
    {
        using var kept = nn.Sequential(("fc", nn.Linear(2, 2)));
        var wrapped = Generator.FromModule(new Wrapper(kept), new GeneratorDescriptor(2, [2]));
        var ownedModule = new Wrapper(nn.Sequential(("fc", nn.Linear(2, 2))));
        var keptWeight = kept.parameters().First();
        var ownedWeight = ownedModule.parameters().First();
        var owning = Generator.FromModule(ownedModule, new GeneratorDescriptor(2, [2]), ownsModule: true);
        wrapped.Dispose();
        owning.Dispose();
        keptWeight.IsInvalid.Should().BeFalse("FromModule does not own the module by default");
        ownedWeight.IsInvalid.Should().BeTrue("ownsModule: true hands it over");

        using var samples = zeros(4, 2);
        using var labels = tensor(new long[] { 0, 1, 0, 1 });
        new InMemoryDataset(samples, labels, 2).Dispose();
        samples.IsInvalid.Should().BeFalse("a InMemoryDataset does not own the caller's tensors by default");
        labels.IsInvalid.Should().BeFalse();
        var given = zeros(4, 2);
        new InMemoryDataset(given, ownsTensors: true).Dispose();
        given.IsInvalid.Should().BeTrue();
    }

    private sealed class Wrapper : nn.Module<Tensor, Tensor?, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> inner;

        public Wrapper(nn.Module<Tensor, Tensor> inner) : base(nameof(Wrapper))
        {
            this.inner = inner;
            RegisterComponents();
        }

        public override Tensor forward(Tensor latent, Tensor? labels) => inner.call(latent);
    }
}
