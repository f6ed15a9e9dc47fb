using GanKit.Benchmarks.Performance;
using GanKit.Models;
using GanKit.Models.Layers;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Benchmarks;

/// <summary>The benchmark runner's FLOP counter (linked from benchmarks/) against multiply-accumulates counted by hand.</summary>
public sealed class FlopCounterTests
{
    private const int Batch = 4;

    [Fact]
    public void The_dcgan_28_generator_is_counted_layer_by_layer()
    {
        using var g = Generator.CreateBuilder().ForImages(1, 28, 28).WithLatentSize(100).UseDcgan(64).WithSeed(1).Build();
        using var z = randn(Batch, 100);

        // ConvT 100→128, k7, 1×1→7×7:     100·1·1 inputs × 128·7·7 =   627,200
        // ConvT 128→64,  k4/2, 7×7→14×14: 128·7·7 inputs × 64·4·4  = 6,422,528
        // ConvT 64→1,    k4/2, 14→28:     64·14·14 inputs × 1·4·4  =   200,704
        const double macsPerSample = 627_200 + 6_422_528 + 200_704;
        FlopCounter.ForwardFlops(g.Module, () => g.Forward(z).Dispose()).Should().Be(2 * macsPerSample * Batch);
    }

    [Fact]
    public void The_dcgan_28_discriminator_includes_its_linear_head()
    {
        using var d = Discriminator.CreateBuilder().ForImages(1, 28, 28).UseDcgan(64).WithSeed(2).Build();
        using var x = randn(Batch, 1, 28, 28);

        // Conv 1→64,   k4/2, 28→14: 64·14·14 outputs × 1·4·4  =   200,704
        // Conv 64→128, k4/2, 14→7:  128·7·7 outputs × 64·4·4  = 6,422,528
        // Linear 128·7·7 → 1:                                 =     6,272
        const double macsPerSample = 200_704 + 6_422_528 + 6_272;
        FlopCounter.ForwardFlops(d.Module, () => d.Forward(x).Dispose()).Should().Be(2 * macsPerSample * Batch);
    }

    [Fact]
    public void Spectral_norm_layers_are_counted_like_the_layers_they_normalize()
    {
        using var d = Discriminator.CreateBuilder().ForImages(1, 28, 28).UseDcgan(64).WithSpectralNorm().WithSeed(2).Build();
        using var x = randn(Batch, 1, 28, 28);
        const double macsPerSample = 200_704 + 6_422_528 + 6_272;
        FlopCounter.ForwardFlops(d.Module, () => d.Forward(x).Dispose()).Should().Be(2 * macsPerSample * Batch);
    }

    [Theory]
    [InlineData("mlp", false)]
    [InlineData("mlp", true)]
    [InlineData("dcgan", true)]
    [InlineData("resnet", false)]
    [InlineData("resnet", true)]
    public void Every_built_in_layer_runs_through_module_call_so_user_hooks_fire(string architecture, bool conditional)
    {
        var gb = Generator.CreateBuilder().ForImages(1, 16, 16).WithLatentSize(8).WithSeed(1);
        var db = Discriminator.CreateBuilder().ForImages(1, 16, 16).WithSpectralNorm().WithSeed(2);
        (gb, db) = architecture switch
        {
            "mlp" => (gb.UseMlp(16, 2), db.UseMlp(16, 2)),
            "dcgan" => (gb.UseDcgan(8), db.UseDcgan(8)),
            _ => (gb.UseResNet(8), db.UseResNet(8)),
        };
        if (conditional) (gb, db) = (gb.WithClasses(3), db.WithClasses(3));
        using var g = gb.Build();
        using var d = db.Build();
        using var z = randn(Batch, 8);
        using var labels = conditional ? tensor(new long[] { 0, 1, 2, 0 }) : null;
        using var x = randn(Batch, 1, 16, 16);

        FlopCounter.ForwardFlops(g.Module, () => g.Forward(z, labels).Dispose()).Should().BePositive();
        FlopCounter.ForwardFlops(d.Module, () => d.Forward(x, labels).Dispose()).Should().BePositive();
    }

    [Fact]
    public void A_layer_that_bypasses_the_hooks_is_refused_instead_of_dropped()
    {
        using var model = new ForwardCallingModel();
        using var x = randn(Batch, 8);
        var count = () => FlopCounter.ForwardFlops(model, () => model.call(x).Dispose());
        count.Should().Throw<InvalidOperationException>().WithMessage("*hidden*Module.call*");
    }

    private sealed class ForwardCallingModel : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> visible = nn.Linear(8, 8);
        private readonly SpectralNormLinear hidden = new(8, 2);

        public ForwardCallingModel() : base(nameof(ForwardCallingModel)) => RegisterComponents();

        public override Tensor forward(Tensor input) => hidden.forward(visible.call(input));
    }
}
