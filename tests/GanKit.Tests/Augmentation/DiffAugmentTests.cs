using GanKit.Augmentation;
using static TorchSharp.torch;

namespace GanKit.Tests.Augmentation;

public sealed class DiffAugmentTests
{
    private static Tensor Images(int n = 6, int c = 3, int size = 8, int seed = 3)
    {
        using var rng = new TorchSharp.torch.Generator((ulong)seed);
        return rand([n, c, size, size], generator: rng) * 2 - 1;
    }

    [Fact]
    public void The_full_policy_is_differentiable_with_respect_to_the_images()
    {
        using var scope = NewDisposeScope();
        var x = Images().requires_grad_(true);
        using var rng = new TorchSharp.torch.Generator(5);
        var y = DiffAugment.Default.Apply(x, rng);
        y.shape.Should().Equal(x.shape);
        (y * y).sum().backward();
        var grad = x.grad!;
        grad.isfinite().all().item<bool>().Should().BeTrue();
        grad.abs().sum().item<float>().Should().BeGreaterThan(0);

        // Without colour (whose means mix all pixels), exactly the cut-out and shifted-out pixels get no gradient.
        var x2 = Images().requires_grad_(true);
        using var rng2 = new TorchSharp.torch.Generator(5);
        var y2 = new DiffAugment(color: false).Apply(x2, rng2);
        y2.sum().backward();
        var lost = (x2.grad! == 0).to(float32).sum().item<float>();
        var kept = (y2 != 0).to(float32).sum().item<float>();
        (lost + kept).Should().Be(x2.numel(), "every surviving pixel passes gradient 1 to its source");
        lost.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Brightness_adds_one_offset_in_minus_half_to_half_per_image()
    {
        using var scope = NewDisposeScope();
        var x = Images();
        using var rng = new TorchSharp.torch.Generator(1);
        var delta = DiffAugment.Brightness(x, rng) - x;
        var perImage = delta.reshape(6, -1);
        (perImage.max(1).values - perImage.min(1).values).max().item<float>().Should().BeLessThan(1e-5f);
        perImage.abs().max().item<float>().Should().BeLessThanOrEqualTo(0.5f);
        perImage[.., 0].unique().Item1.numel().Should().Be(6, "each image draws its own offset");
    }

    [Fact]
    public void Saturation_keeps_each_pixels_channel_mean_and_contrast_each_images_mean()
    {
        using var scope = NewDisposeScope();
        var x = Images();
        using var rng = new TorchSharp.torch.Generator(1);
        var saturated = DiffAugment.Saturation(x, rng);
        (saturated.mean([1]) - x.mean([1])).abs().max().item<float>().Should().BeLessThan(1e-5f);
        var factor = (saturated - saturated.mean([1], keepdim: true)) / (x - x.mean([1], keepdim: true));
        var f = factor.reshape(6, -1);
        (f.max(1).values - f.min(1).values).max().item<float>().Should().BeLessThan(1e-3f, "one factor per image");
        f.min().item<float>().Should().BeGreaterThanOrEqualTo(0f);
        f.max().item<float>().Should().BeLessThan(2f);

        var contrasted = DiffAugment.Contrast(x, rng);
        (contrasted.mean([1, 2, 3]) - x.mean([1, 2, 3])).abs().max().item<float>().Should().BeLessThan(1e-5f);
        var c = ((contrasted - contrasted.mean([1, 2, 3], keepdim: true)) / (x - x.mean([1, 2, 3], keepdim: true))).reshape(6, -1);
        c.min().item<float>().Should().BeGreaterThanOrEqualTo(0.5f - 1e-4f);
        c.max().item<float>().Should().BeLessThan(1.5f + 1e-4f);
    }

    [Fact]
    public void Translation_shifts_each_image_by_at_most_an_eighth_with_zero_fill()
    {
        using var scope = NewDisposeScope();
        const int n = 20, size = 16; // 1/8 of 16 = up to 2 pixels
        var x = (arange(n * size * size).reshape(n, 1, size, size) % (size * size) + 1).to(float32);
        using var rng = new TorchSharp.torch.Generator(2);
        var y = DiffAugment.Translation(x, rng);
        var shifts = new HashSet<(long, long)>();
        for (int i = 0; i < n; i++)
        {
            var img = y[i, 0].data<float>().ToArray();
            (long dy, long dx)? shift = null;
            int nonZero = 0;
            for (int r = 0; r < size; r++)
            for (int col = 0; col < size; col++)
            {
                var v = img[r * size + col];
                if (v == 0) continue;
                nonZero++;
                long source = (long)v - 1;
                var s = (r - source / size, col - source % size);
                shift ??= s;
                s.Should().Be(shift.Value, "one shift per image");
            }

            Math.Abs(shift!.Value.dy).Should().BeLessThanOrEqualTo(2);
            Math.Abs(shift.Value.dx).Should().BeLessThanOrEqualTo(2);
            nonZero.Should().Be((int)((size - Math.Abs(shift.Value.dy)) * (size - Math.Abs(shift.Value.dx))), "shifted-in pixels are zero");
            shifts.Add(shift.Value);
        }

        shifts.Count.Should().BeGreaterThan(5, "shifts are drawn per image");
    }

    [Fact]
    public void Cutout_zeroes_one_clipped_square_of_half_the_size_per_image()
    {
        using var scope = NewDisposeScope();
        const int n = 30, size = 8;
        var x = ones(n, 2, size, size);
        using var rng = new TorchSharp.torch.Generator(4);
        var y = DiffAugment.Cutout(x, rng);
        (y[.., 0] == y[.., 1]).all().item<bool>().Should().BeTrue("the same square in every channel");
        bool sawFull = false;
        for (int i = 0; i < n; i++)
        {
            var zero = (y[i, 0] == 0).nonzero();
            var count = zero.shape[0];
            count.Should().BeInRange(4, 16, "a 4×4 square, clipped to at least 2×2 at a corner");
            var rows = zero[.., 0];
            var cols = zero[.., 1];
            long height = rows.max().item<long>() - rows.min().item<long>() + 1;
            long width = cols.max().item<long>() - cols.min().item<long>() + 1;
            (height * width).Should().Be(count, "the zeroed region is a rectangle");
            height.Should().BeLessThanOrEqualTo(4);
            width.Should().BeLessThanOrEqualTo(4);
            sawFull |= count == 16;
        }

        sawFull.Should().BeTrue();
    }

    [Fact]
    public void Probability_zero_leaves_images_unchanged_and_the_policy_parses()
    {
        using var scope = NewDisposeScope();
        var x = Images();
        using var rng = new TorchSharp.torch.Generator(1);
        DiffAugment.Default.Apply(x, rng, probability: 0).allclose(x, 0, 0).Should().BeTrue();
        DiffAugment.Parse("translation, colour").Name.Should().Be("color,translation");
        DiffAugment.Default.Name.Should().Be("color,translation,cutout");
        FluentActions.Invoking(() => DiffAugment.Parse("flip")).Should().Throw<ArgumentException>();
    }
}
