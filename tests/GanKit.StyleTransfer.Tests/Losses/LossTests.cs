using GanKit.StyleTransfer.Losses;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Tests.Losses;

public sealed class LossTests
{
    private static Tensor Features(params float[] values) => tensor(values).view(1, 2, 1, 2);

    [Fact]
    public void Gram_is_F_times_F_transposed_over_C_H_W()
    {
        // Channel 0 = [1, 2], channel 1 = [3, 4]: F·Fᵀ = [[5, 11], [11, 25]], C·H·W = 2·1·2 = 4.
        using var gram = GramMatrix.Compute(Features(1, 2, 3, 4));

        gram.shape.Should().Equal(1, 2, 2);
        gram.data<float>().ToArray().Should().Equal(1.25f, 2.75f, 2.75f, 6.25f);
    }

    [Fact]
    public void Style_loss_is_the_mean_squared_gram_difference_times_tap_weight()
    {
        // Target Gram of [1,0],[0,1]: F·Fᵀ = I → I/4 = [[.25,0],[0,.25]].
        using var style = StyleLoss.FromFeatures(new Dictionary<string, Tensor> { ["a"] = Features(1, 0, 0, 1) },
            new Dictionary<string, double> { ["a"] = 3 });
        using var loss = style.Compute(new Dictionary<string, Tensor> { ["a"] = Features(1, 2, 3, 4) });

        // Differences: 1.0, 2.75, 2.75, 6.0 → squares 1, 7.5625, 7.5625, 36 → mean 13.03125; × 3.
        loss.item<float>().Should().BeApproximately(3 * 13.03125f, 1e-4f);
    }

    [Fact]
    public void Blended_style_target_is_the_weighted_mean_of_grams_and_weight_zero_drops_a_style()
    {
        var a = new Dictionary<string, Tensor> { ["t"] = Features(1, 0, 0, 1) };
        var b = new Dictionary<string, Tensor> { ["t"] = Features(2, 2, 0, 0) };
        using var blend = StyleLoss.FromBlend([(a, 3.0), (b, 1.0)]);
        using var onlyA = StyleLoss.FromBlend([(a, 1.0), (b, 0.0)]);
        using var single = StyleLoss.FromFeatures(a);

        // Gram(a) = [[.25,0],[0,.25]], Gram(b) = [[2,0],[0,0]]; 3:1 blend = [[.6875,0],[0,.1875]].
        blend.TargetGrams["t"].data<float>().ToArray().Should().Equal(0.6875f, 0f, 0f, 0.1875f);
        onlyA.TargetGrams["t"].data<float>().ToArray().Should().Equal(single.TargetGrams["t"].data<float>().ToArray());
    }

    [Fact]
    public void Content_loss_is_weighted_mse_per_tap()
    {
        using var content = new ContentLoss(
            new Dictionary<string, Tensor> { ["a"] = Features(0, 0, 0, 0), ["b"] = Features(1, 1, 1, 1) },
            new Dictionary<string, double> { ["a"] = 1, ["b"] = 0.5 });
        using var loss = content.Compute(new Dictionary<string, Tensor> { ["a"] = Features(1, 2, 3, 4), ["b"] = Features(1, 1, 1, 3) });

        // a: (1+4+9+16)/4 = 7.5; b: 4/4 = 1 → 7.5 + 0.5.
        loss.item<float>().Should().BeApproximately(8f, 1e-5f);
    }

    [Fact]
    public void Total_variation_is_mean_squared_vertical_plus_horizontal_difference()
    {
        using var image = tensor(new float[] { 0, 1, 2, 4 }).view(1, 1, 2, 2);
        // Vertical: 2, 3 → mean of squares 6.5. Horizontal: 1, 2 → 2.5.
        using var tv = TotalVariationLoss.Compute(image);

        tv.item<float>().Should().BeApproximately(9f, 1e-6f);
    }

    [Fact]
    public void Losses_refuse_missing_taps_and_mismatched_weights()
    {
        using var content = new ContentLoss(new Dictionary<string, Tensor> { ["a"] = Features(0, 0, 0, 0) });
        var act = () => content.Compute(new Dictionary<string, Tensor> { ["b"] = Features(0, 0, 0, 0) });
        act.Should().Throw<ArgumentException>().WithMessage("*tap 'a'*");

        var bad = () => StyleLoss.FromFeatures(new Dictionary<string, Tensor> { ["a"] = Features(1, 2, 3, 4) },
            new Dictionary<string, double> { ["a"] = -1 });
        bad.Should().Throw<ArgumentException>().WithMessage("*weight*");
    }

    [Fact]
    public void Gradients_of_the_losses_reach_the_input()
    {
        using var scope = NewDisposeScope();
        var x = Features(1, 2, 3, 4).requires_grad_(true);
        using var style = StyleLoss.FromFeatures(new Dictionary<string, Tensor> { ["a"] = Features(1, 0, 0, 1) });
        var loss = style.Compute(new Dictionary<string, Tensor> { ["a"] = x }) + TotalVariationLoss.Compute(x.view(1, 1, 2, 2));
        loss.backward();

        x.grad.Should().NotBeNull();
        x.grad!.abs().sum().item<float>().Should().BeGreaterThan(0);
    }
}
