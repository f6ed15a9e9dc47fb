using GanKit.Checkpoints;
using GanKit.Configuration;
using GanKit.Data;
using GanKit.Losses;
using GanKit.Models;
using GanKit.Tests.TestSupport;
using GanKit.Training;
using TorchSharp;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.HighResolution;

public sealed class MsgGanTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (Generator G, Discriminator D) Models(int channels, int size, MultiScaleCombine combine = MultiScaleCombine.LinCat,
        int? classes = null, long seed = 1)
    {
        var options = new HighResolutionOptions(combine);
        var gb = Generator.CreateBuilder().ForImages(channels, size, size).WithLatentSize(8).UseMsgGan(4, options).WithSeed(seed);
        var db = Discriminator.CreateBuilder().ForImages(channels, size, size).UseMsgGan(4, options).WithSeed(seed + 100);
        if (classes is { } k)
        {
            gb.WithClasses(k);
            db.WithClasses(k);
        }

        return (gb.Build(), db.Build());
    }

    [Theory]
    [InlineData(1, 32, MultiScaleCombine.Simple)]
    [InlineData(3, 64, MultiScaleCombine.LinCat)]
    [InlineData(3, 32, MultiScaleCombine.CatLin)]
    public void The_generator_emits_every_scale_and_the_discriminator_takes_them(int channels, int size, MultiScaleCombine combine)
    {
        var (g, d) = Models(channels, size, combine);
        using var _ = g;
        using var __ = d;
        using var scope = NewDisposeScope();
        g.Module.eval();
        var z = randn(5, 8);
        var scales = g.ForwardScales(z);
        scales.Select(s => s.shape[2]).Should().Equal(MultiScaleImages.Resolutions(size));
        scales.Should().AllSatisfy(s => s.shape.Take(2).Should().Equal(5, channels));
        Same(g.Forward(z), scales[^1]).Should().BeTrue("the full-size output is the finest scale");
        // The scales are the generator's own outputs, not a pooled copy of the finest one.
        nn.functional.avg_pool2d(scales[^1], 2).allclose(scales[^2], atol: 1e-3).Should().BeFalse();

        d.IsMultiScale.Should().BeTrue();
        var images = rand(8, channels, size, size) * 2 - 1;
        var fromImages = d.Forward(images);
        fromImages.shape.Should().Equal(8);
        var packed = MultiScaleImages.Pack(MultiScaleImages.Pyramid(images));
        packed.shape.Should().Equal(8, MultiScaleImages.PackedLength(channels, size));
        Same(d.Forward(packed), fromImages).Should().BeTrue("plain images are scored through their pooled pyramid");
        Same(MultiScaleImages.Unpack(packed, channels, size)[^1], images).Should().BeTrue();
    }

    [Fact]
    public void Gradients_of_the_discriminator_reach_every_scale_of_the_generator()
    {
        var (g, d) = Models(3, 32);
        using var _ = g;
        using var __ = d;
        using var scope = NewDisposeScope();
        var scales = g.ForwardScales(randn(8, 8));
        var score = d.Forward(MultiScaleImages.Pack(scales)).sum();
        var grads = autograd.grad([score], scales.ToArray(), retain_graph: true);
        grads.Select(t => t.abs().sum().item<float>()).Should().AllSatisfy(v => v.Should().BeGreaterThan(0));
        score.backward();
        // Every level's own to-image layer is trained, which only a multi-scale D can do.
        var toImageGrads = g.Module.named_parameters().Where(p => p.name.StartsWith("toImage", StringComparison.Ordinal) && p.name.EndsWith("weight", StringComparison.Ordinal))
            .Select(p => p.parameter.grad!.abs().sum().item<float>()).ToArray();
        toImageGrads.Should().HaveCount(4).And.AllSatisfy(v => v.Should().BeGreaterThan(0));
    }

    [Fact]
    public void Only_square_powers_of_two_from_16_to_256_are_built()
    {
        FluentActions.Invoking(() => Generator.CreateBuilder().ForImages(1, 28, 28).UseMsgGan().Build())
            .Should().Throw<GanKitConfigurationException>().WithMessage("*16, 32, 64, 128 or 256*");
        FluentActions.Invoking(() => Discriminator.CreateBuilder().ForImages(1, 32, 32).UseMsgGan().WithPacking(2).Build())
            .Should().Throw<GanKitConfigurationException>().WithMessage("*packing*");
        using var g = Generator.CreateBuilder().ForImages(3, 256, 256).WithLatentSize(4).UseMsgGan(1).Build();
        using var scope = NewDisposeScope();
        g.ForwardScales(randn(1, 4)).Should().HaveCount(7);
    }

    [Fact]
    public void Training_with_r1_and_ema_resumes_exactly_and_checkpoints_restore_the_model()
    {
        using var data = Images(seed: 3);
        GanTrainer Make(string dir)
        {
            var (g, d) = Models(1, 16, classes: 3);
            return GanTrainer.CreateBuilder(g, d).WithLoss(GanLosses.NonSaturating).WithBatchSize(8).WithEma(0.9).WithSeed(4)
                .WithR1Penalty(1).WithInstanceNoise(0.05, 10).WithCheckpoints(dir, every: 3, keep: 2).Build();
        }

        using var straight = Make(_dir.File("straight"));
        straight.Train(data, 8);
        using (var first = Make(_dir.File("resumed"))) first.Train(data, 4);
        using var second = Make(_dir.File("resumed"));
        second.Train(data, 8).StepsRun.Should().Be(4);

        ShouldHaveIdenticalState(straight.Generator.Module, second.Generator.Module);
        ShouldHaveIdenticalState(straight.Discriminator.Module, second.Discriminator.Module);
        ShouldHaveIdenticalState(straight.Ema!.Average.Module, second.Ema!.Average.Module);
        second.History.Select(h => h.Penalty).Should().OnlyContain(p => p > 0, "R1 is taken on the pyramid of reals every step");

        var info = Checkpoint.ReadInfo(_dir.File("resumed"));
        info.Generator!.Architecture.Should().Be(GanArchitecture.Msg);
        info.Generator.Should().Be(straight.Generator.Spec);
        info.Discriminator!.HighResolution.Should().Be(new HighResolutionOptions(MultiScaleCombine.LinCat));
        using var loaded = Checkpoint.LoadGenerator(_dir.File("resumed"));
        using var gen1 = new TorchSharp.torch.Generator(9);
        using var a = loaded.Generate(4, tensor(new long[] { 0, 1, 2, 0 }), gen1);
        using var gen2 = new TorchSharp.torch.Generator(9);
        using var b = second.Ema.Average.Generate(4, tensor(new long[] { 0, 1, 2, 0 }), gen2);
        Same(a, b).Should().BeTrue("the checkpoint holds the EMA generator");
        var scales = loaded.GenerateScales(2, tensor(new long[] { 1, 2 }));
        scales.Select(s => s.shape[3]).Should().Equal(4, 8, 16);
        foreach (var s in scales) s.Dispose();
    }

    [Fact]
    public void The_gradient_penalty_interpolates_whole_pyramids()
    {
        using var data = Images(seed: 5);
        var (g, d) = Models(1, 16, MultiScaleCombine.Simple, classes: 3);
        using var _ = g;
        using var __ = d;
        using var trainer = GanTrainer.CreateBuilder(g, d).WithLoss(GanLosses.WassersteinGp(10)).WithBatchSize(8).WithCriticSteps(2).WithSeed(1).Build();
        var metrics = Enumerable.Range(0, 3).Select(_ => trainer.TrainStep(data)).ToList();
        metrics.Should().OnlyContain(m => m.Penalty > 0 && double.IsFinite(m.GeneratorLoss));
    }

    private static InMemoryDataset Images(long seed)
    {
        manual_seed(seed);
        var images = rand(32, 1, 16, 16) * 2 - 1;
        return new InMemoryDataset(images, arange(32) % 3, 3);
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static void ShouldHaveIdenticalState(nn.Module a, nn.Module b)
    {
        var other = b.state_dict();
        foreach (var (name, value) in a.state_dict())
            Same(value, other[name]).Should().BeTrue($"'{name}' must be bit-identical");
    }
}
