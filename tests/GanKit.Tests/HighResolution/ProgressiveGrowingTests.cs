using GanKit.Checkpoints;
using GanKit.Configuration;
using GanKit.Data;
using GanKit.Models;
using GanKit.Tests.TestSupport;
using GanKit.Training;
using TorchSharp;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.HighResolution;

public sealed class ProgressiveGrowingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (Generator G, Discriminator D) Models(int size = 16, bool equalized = true, bool pixelNorm = true, long seed = 1)
    {
        var options = new HighResolutionOptions(EqualizedLearningRate: equalized, PixelNorm: pixelNorm);
        var g = Generator.CreateBuilder().ForImages(1, size, size).WithLatentSize(8).UseProgressive(4, options).WithSeed(seed).Build();
        var d = Discriminator.CreateBuilder().ForImages(1, size, size).UseProgressive(4, options).WithSeed(seed + 100).Build();
        return (g, d);
    }

    [Theory]
    [InlineData(0, 0, 1.0, 4)]       // stable at the start size
    [InlineData(99, 0, 1.0, 4)]
    [InlineData(100, 1, 0.0, 8)]     // the 8 px level starts fading in
    [InlineData(150, 1, 0.25, 8)]
    [InlineData(299, 1, 0.995, 8)]
    [InlineData(300, 1, 1.0, 8)]     // and is stable
    [InlineData(400, 2, 0.0, 16)]
    [InlineData(500, 2, 0.5, 16)]
    [InlineData(700, 2, 1.0, 16)]    // the full size is kept for good
    [InlineData(1_000_000, 2, 1.0, 16)]
    public void The_schedule_counts_images_through_stable_phases_and_fade_ins(long images, int level, double alpha, long size)
    {
        var schedule = new ProgressiveSchedule(4, StableImages: 100, FadeImages: 200);
        schedule.At(images, 16).Should().Be(new ProgressiveGrowth(level, alpha, size));
        schedule.ImagesToFullSize(16).Should().Be(600);
    }

    [Fact]
    public void Schedules_parse_from_both_forms()
    {
        ProgressiveSchedule.Parse("stable=2000, fade=1000, start=8").Should().Be(new ProgressiveSchedule(8, 2000, 1000));
        ProgressiveSchedule.Parse("stable=2000").Should().Be(new ProgressiveSchedule(4, 2000, 2000));
        ProgressiveSchedule.Parse("3000:500:16").Should().Be(new ProgressiveSchedule(16, 3000, 500));
        FluentActions.Invoking(() => ProgressiveSchedule.Parse("fast")).Should().Throw<FormatException>();
        var options = new GanTrainerOptions { Progressive = new ProgressiveSchedule(8, 2000, 1000) };
        GanTrainerOptions.FromJson(options.ToJson()).Progressive.Should().Be(options.Progressive, "the schedule is part of the serializable options");
        FluentActions.Invoking(() => ProgressiveSchedule.Parse("speed=3")).Should().Throw<FormatException>().WithMessage("*Unknown key*");
    }

    [Fact]
    public void The_generator_blends_levels_by_alpha_and_up_samples_to_full_size()
    {
        var (g, d) = Models(32);
        using var _ = g;
        using var __ = d;
        using var scope = NewDisposeScope();
        var net = (IProgressiveNetwork)g.Network;
        net.MaxLevel.Should().Be(3);
        g.Module.eval();
        var z = randn(4, 8);
        Tensor At(int level, double alpha)
        {
            net.SetGrowth(level, alpha);
            net.Growth.Should().Be((level, alpha));
            return g.Forward(z);
        }

        var coarse = At(1, 1.0);
        coarse.shape.Should().Equal(4, 1, 32, 32);
        var blocks = nn.functional.avg_pool2d(coarse, 4);
        nn.functional.interpolate(blocks, scale_factor: [4.0, 4.0], mode: InterpolationMode.Nearest).allclose(coarse, atol: 1e-6)
            .Should().BeTrue("level 1 makes 8×8 images, shown at 32×32");
        var below = At(2, 0.0);
        var above = At(2, 1.0);
        below.allclose(coarse, atol: 1e-6).Should().BeTrue("at α = 0 the new level is invisible");
        above.allclose(coarse, atol: 1e-2).Should().BeFalse();
        At(2, 0.25).allclose(below * 0.75 + above * 0.25, atol: 1e-5).Should().BeTrue();
    }

    [Fact]
    public void The_discriminator_sees_only_the_active_size()
    {
        var (g, d) = Models(16);
        using var _ = g;
        using var __ = d;
        using var scope = NewDisposeScope();
        var net = (IProgressiveNetwork)d.Network;
        var x = rand(8, 1, 16, 16);
        var blurred = nn.functional.interpolate(nn.functional.avg_pool2d(x, 2), scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        net.SetGrowth(1, 1.0);
        d.Forward(x).allclose(d.Forward(blurred), atol: 1e-5).Should().BeTrue("at 8 px D cannot see 16 px detail");
        net.SetGrowth(2, 1.0);
        d.Forward(x).allclose(d.Forward(blurred), atol: 1e-3).Should().BeFalse();
    }

    [Fact]
    public void Growing_needs_progressive_networks_and_a_valid_schedule()
    {
        var g = Generator.CreateBuilder().ForImages(1, 16, 16).WithLatentSize(8).UseDcgan(4).Build();
        var d = Discriminator.CreateBuilder().ForImages(1, 16, 16).UseDcgan(4).Build();
        FluentActions.Invoking(() => GanTrainer.CreateBuilder(g, d).WithProgressiveGrowing(new ProgressiveSchedule(4, 10, 10)).Build())
            .Should().Throw<GanKitConfigurationException>().WithMessage("*UseProgressive()*");
        var (pg, pd) = Models(16);
        FluentActions.Invoking(() => GanTrainer.CreateBuilder(pg, pd).WithProgressiveGrowing(new ProgressiveSchedule(32, 0, -1)).Build())
            .Should().Throw<GanKitConfigurationException>().WithMessage("*start size*").WithMessage("*stable phase*").WithMessage("*fade-in length*");
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Resume_in_the_middle_of_a_fade_in_is_exact(bool equalized, bool pixelNorm)
    {
        using var data = Images(seed: 2);
        // Batch 8, 16 images stable at 4 px, 32 images of fade-in: steps 3 to 6 fade in 8 px, steps 9 to 12 fade in 16 px.
        var schedule = new ProgressiveSchedule(4, 16, 32);
        GanTrainer Make(string dir)
        {
            var (g, d) = Models(16, equalized, pixelNorm);
            return GanTrainer.CreateBuilder(g, d).WithBatchSize(8).WithEma(0.9).WithSeed(4).WithR1Penalty(1)
                .WithProgressiveGrowing(schedule).WithCheckpoints(dir, every: 5, keep: 1).Build();
        }

        using var straight = Make(_dir.File("straight"));
        var growths = new List<ProgressiveGrowth>();
        for (int i = 0; i < 12; i++)
        {
            growths.Add(straight.Growth!.Value);
            straight.TrainStep(data);
        }

        growths.Select(g => (g.Size, g.Alpha)).Should().Equal(
            (4, 1.0), (4, 1.0), (8, 0.0), (8, 0.25), (8, 0.5), (8, 0.75), (8, 1.0), (8, 1.0), (16, 0.0), (16, 0.25), (16, 0.5), (16, 0.75));

        using (var first = Make(_dir.File("resumed"))) first.Train(data, 5);
        using (var loaded = Checkpoint.LoadGenerator(_dir.File("resumed")))
            ((IProgressiveNetwork)loaded.Network).Growth.Should().Be((1, 0.5), "the checkpoint at step 5 stops half-way through the 8 px fade-in");
        using var second = Make(_dir.File("resumed"));
        second.Train(data, 12).StepsRun.Should().Be(7);
        ShouldHaveIdenticalState(straight.Generator.Module, second.Generator.Module);
        ShouldHaveIdenticalState(straight.Discriminator.Module, second.Discriminator.Module);
        ShouldHaveIdenticalState(straight.Ema!.Average.Module, second.Ema!.Average.Module);
        ((IProgressiveNetwork)second.Ema.Average.Network).Growth.Should().Be((2, 0.75));
    }

    private static InMemoryDataset Images(long seed)
    {
        manual_seed(seed);
        return new InMemoryDataset(rand(40, 1, 16, 16) * 2 - 1);
    }

    private static void ShouldHaveIdenticalState(nn.Module a, nn.Module b)
    {
        var other = b.state_dict();
        foreach (var (name, value) in a.state_dict())
            value.eq(other[name]).all().item<bool>().Should().BeTrue($"'{name}' must be bit-identical");
    }
}
