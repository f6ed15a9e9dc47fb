using GanKit.Models;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Models;

public sealed class ModelShapeTests
{
    public static TheoryData<GanArchitecture, int, int> ImageCases()
    {
        var data = new TheoryData<GanArchitecture, int, int>();
        foreach (var size in new[] { 16, 28, 32, 64, 128 })
        foreach (var channels in new[] { 1, 3 })
        {
            data.Add(GanArchitecture.Dcgan, channels, size);
            data.Add(GanArchitecture.ResNet, channels, size);
        }

        data.Add(GanArchitecture.Mlp, 1, 28);
        data.Add(GanArchitecture.Mlp, 3, 20);
        return data;
    }

    private static (Generator, Discriminator) Build(GanArchitecture arch, int c, int size, Func<DiscriminatorBuilder, DiscriminatorBuilder>? d = null, int? classes = null)
    {
        var gb = Generator.CreateBuilder().WithLatentSize(16).ForImages(c, size, size).WithSeed(1);
        var db = Discriminator.CreateBuilder().ForImages(c, size, size);
        (gb, db) = arch switch
        {
            GanArchitecture.Dcgan => (gb.UseDcgan(8), db.UseDcgan(8)),
            GanArchitecture.ResNet => (gb.UseResNet(8), db.UseResNet(8)),
            _ => (gb.UseMlp(32, 2), db.UseMlp(32, 2)),
        };
        if (classes is { } k) { gb = gb.WithClasses(k); db = db.WithClasses(k); }
        if (d is not null) db = d(db);
        return (gb.Build(), db.Build());
    }

    [Theory]
    [MemberData(nameof(ImageCases))]
    public void Generator_and_discriminator_shapes_fit_every_supported_size(GanArchitecture arch, int channels, int size)
    {
        var (g, d) = Build(arch, channels, size);
        using (g) using (d)
        {
            using var z = randn(4, 16);
            using var images = g.Forward(z);
            images.shape.Should().Equal(4, channels, size, size);
            images.abs().max().item<float>().Should().BeLessThanOrEqualTo(1f, "image generators end in tanh");
            using var scores = d.Forward(images);
            scores.shape.Should().Equal(4);
        }
    }

    [Theory]
    [InlineData(GanArchitecture.Dcgan)]
    [InlineData(GanArchitecture.ResNet)]
    [InlineData(GanArchitecture.Mlp)]
    public void Conditional_models_use_their_labels(GanArchitecture arch)
    {
        var (g, d) = Build(arch, 1, 28, classes: 10);
        using (g) using (d)
        {
            // Fresh class-conditional batch norms start as the identity for every class; make the classes differ.
            using (no_grad())
                foreach (var (name, p) in g.Module.named_parameters().Where(p => p.name.Contains("gamma") || p.name.Contains("beta")))
                    p.add_(randn_like(p) * 0.5f);
            g.Module.eval();
            d.Module.eval();
            using var z = randn(1, 16).expand(2, 16).contiguous();
            using var labels = tensor(new long[] { 0, 7 });
            using var images = g.Forward(z, labels);
            images.shape.Should().Equal(2, 1, 28, 28);
            images[0].sub(images[1]).abs().max().item<float>().Should().BeGreaterThan(1e-4f, "the same z with different classes gives different images");
            using var same = images[0].unsqueeze(0).expand(2, 1, 28, 28).contiguous();
            using var scores = d.Forward(same, labels);
            Math.Abs(scores[0].item<float>() - scores[1].item<float>()).Should().BeGreaterThan(1e-6f, "the projection term depends on the class");

            FluentActions.Invoking(() => g.Forward(z)).Should().Throw<ArgumentException>().WithMessage("*conditional on 10 classes*");
            using var bad = tensor(new long[] { 0, 10 });
            FluentActions.Invoking(() => g.Forward(z, bad)).Should().Throw<ArgumentException>().WithMessage("*[0, 10)*");
        }
    }

    [Fact]
    public void Vector_models_work_on_2d_points_without_tanh()
    {
        using var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(2).UseMlp(16, 2).Build();
        using var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(16, 2).Build();
        using var z = randn(8, 2) * 100;
        using var points = g.Forward(z);
        points.shape.Should().Equal(8, 2);
        points.abs().max().item<float>().Should().BeGreaterThan(1f, "vector outputs are not squashed");
        d.Forward(points).shape.Should().Equal(8);
    }

    [Theory]
    [InlineData(GanArchitecture.Mlp)]
    [InlineData(GanArchitecture.Dcgan)]
    [InlineData(GanArchitecture.ResNet)]
    public void Packing_scores_groups_and_minibatch_std_adds_a_feature(GanArchitecture arch)
    {
        var (g, d) = Build(arch, 1, 16, b => b.WithPacking(4).WithMinibatchStdDev());
        using (g) using (d)
        {
            using var images = g.Forward(randn(8, 16));
            d.Forward(images).shape.Should().Equal(2);
            FluentActions.Invoking(() => d.Forward(images[..6])).Should().Throw<ArgumentException>().WithMessage("*divisible by the pack size (4)*");
        }
    }

    [Fact]
    public void Packed_discriminator_sees_the_group_not_each_sample()
    {
        using var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(8, 1).WithPacking(2).WithSeed(3).Build();
        using var a = tensor(new float[] { 1, 2, 3, 4 }).view(2, 2);
        using var swapped = tensor(new float[] { 3, 4, 1, 2 }).view(2, 2);
        d.Forward(a).item<float>().Should().NotBe(d.Forward(swapped).item<float>(), "the pair is one input of 4 features, in order");
    }

    [Fact]
    public void Generate_uses_eval_mode_without_gradients_and_restores_the_mode()
    {
        using var g = Generator.CreateBuilder().ForImages(1, 16, 16).WithLatentSize(8).UseDcgan(4).Build();
        g.Module.train();
        using var rng1 = new TorchSharp.torch.Generator(5);
        using var rng2 = new TorchSharp.torch.Generator(5);
        using var a = g.Generate(3, random: rng1);
        using var b = g.Generate(3, random: rng2);
        a.requires_grad.Should().BeFalse();
        a.eq(b).all().item<bool>().Should().BeTrue("the same seed gives the same samples");
        g.Module.training.Should().BeTrue();
    }
}
