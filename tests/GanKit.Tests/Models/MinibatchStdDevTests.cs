using GanKit.Configuration;
using GanKit.Models;
using GanKit.Models.Layers;
using GanKit.Training;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Tests.Models;

public sealed class MinibatchStdDevTests
{
    private static float[] Run(MinibatchStdDev layer, float[] values, params long[] shape)
    {
        using var input = tensor(values).reshape(shape);
        using var output = layer.call(input);
        return output.data<float>().ToArray();
    }

    [Fact]
    public void Vector_input_gets_each_groups_mean_standard_deviation_with_sample_i_in_group_i_mod_groups()
    {
        // Batch 4, group size 2: two groups, {0, 2} and {1, 3}. Biased std per feature, then the mean over features:
        // group {0,2}: std(1,3) = 1, std(2,6) = 2 → 1.5; group {1,3}: std(0,0) = √1e-8 = 1e-4, std(0,4) = 2 → 1.00005.
        using var layer = new MinibatchStdDev(2);
        var output = Run(layer, [1, 2, 0, 0, 3, 6, 0, 4], 4, 2);
        float[] expected = [1, 2, 1.5f, 0, 0, 1.00005f, 3, 6, 1.5f, 0, 4, 1.00005f];
        output.Should().HaveCount(12);
        for (int i = 0; i < expected.Length; i++) output[i].Should().BeApproximately(expected[i], 1e-5f, $"element {i}");
    }

    [Fact]
    public void Image_input_gets_a_constant_channel_per_group()
    {
        // Batch 2 with group size 4 → one group of 2 (min(G, N)). Per-pixel std of (0, a) is a/2: 1, 2, 3, 4 → mean 2.5.
        using var layer = new MinibatchStdDev();
        var output = Run(layer, [0, 0, 0, 0, 2, 4, 6, 8], 2, 1, 2, 2);
        output.Should().HaveCount(16);
        output[..4].Should().Equal(0, 0, 0, 0);
        output[4..8].Should().OnlyContain(v => Math.Abs(v - 2.5f) < 1e-5f);
        output[8..12].Should().Equal(2, 4, 6, 8);
        output[12..].Should().OnlyContain(v => Math.Abs(v - 2.5f) < 1e-5f);
    }

    [Fact]
    public void A_batch_smaller_than_the_group_is_one_group()
    {
        // Batch 3 < 4: one group of 3. Values (0, 3, 6): mean 3, biased variance (9 + 0 + 9) / 3 = 6.
        using var layer = new MinibatchStdDev(4);
        var output = Run(layer, [0, 3, 6], 3, 1);
        output.Should().HaveCount(6);
        new[] { output[1], output[3], output[5] }.Should().OnlyContain(v => Math.Abs(v - (float)Math.Sqrt(6)) < 1e-5f);
    }

    [Fact]
    public void A_batch_that_does_not_divide_into_groups_is_refused_instead_of_becoming_a_constant()
    {
        // Groups of 1 would give a feature of √1e-8 for every sample, whatever the batch: D would learn nothing from it.
        using var layer = new MinibatchStdDev(4);
        using var input = arange(6f).reshape(6, 1);
        FluentActions.Invoking(() => layer.call(input)).Should().Throw<ArgumentException>()
            .WithMessage("*groups 4 samples*batch of 6*");
        MinibatchStdDev.Fits(4, 6).Should().BeFalse();
        MinibatchStdDev.Fits(4, 8).Should().BeTrue();
        MinibatchStdDev.Fits(4, 3).Should().BeTrue();
    }

    [Fact]
    public void A_discriminator_called_directly_with_an_unfit_batch_throws_an_argument_exception()
    {
        using var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(8, 1).WithMinibatchStdDev().WithSeed(1).Build();
        using var fits = randn(8, 2);
        using var unfit = randn(6, 2);
        using (var scores = d.Forward(fits)) scores.shape.Should().Equal(8);
        FluentActions.Invoking(() => d.Forward(unfit)).Should().Throw<ArgumentException>().WithMessage("*batch of 6*");
    }

    [Fact]
    public void Trainer_build_refuses_a_batch_whose_packed_rows_do_not_divide_into_groups_and_lists_it_with_the_others()
    {
        using var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(4).UseMlp(8, 1).Build();
        using var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(8, 1).WithMinibatchStdDev().WithPacking(2).Build();

        // Batch 100 with pack 2: D sees 50 rows, not a multiple of 4 (the old layer silently used groups of 1).
        var ex = FluentActions.Invoking(() => GanTrainer.CreateBuilder(g, d).WithBatchSize(100).WithCriticSteps(0).Build())
            .Should().Throw<GanKitConfigurationException>().Which;
        ex.Problems.Should().HaveCount(2);
        ex.Problems.Should().Contain(p => p.Contains("critic steps"));
        ex.Problems.Should().Contain(p => p.Contains("minibatch standard-deviation") && p.Contains("50 inputs") && p.Contains("groups of 4"));

        using (GanTrainer.CreateBuilder(g, d).WithBatchSize(96).Build()) { }  // 48 rows
        using (GanTrainer.CreateBuilder(g, d).WithBatchSize(6).Build()) { }   // 3 rows: one group of 3
    }
}
