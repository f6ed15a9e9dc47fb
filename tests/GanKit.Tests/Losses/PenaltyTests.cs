using GanKit.Models;
using GanKit.Regularizers;
using static TorchSharp.torch;

namespace GanKit.Tests.Losses;

public sealed class PenaltyTests
{
    // An MLP with no hidden layers is D(x) = w·x + b, whose input gradient is w everywhere.
    private static (Discriminator D, float[] W) LinearDiscriminator(int dims, int pack = 1)
    {
        var d = Discriminator.CreateBuilder().ForVectors(dims).UseMlp(1, 0).WithPacking(pack).WithSeed(4).Build();
        var w = d.Module.named_parameters().Single(p => p.name.EndsWith("weight")).parameter.data<float>().ToArray();
        return (d, w);
    }

    private static double Norm(IEnumerable<float> v) => Math.Sqrt(v.Sum(x => (double)x * x));

    [Fact]
    public void Gradient_penalty_matches_the_hand_computation()
    {
        var (d, w) = LinearDiscriminator(3);
        using (d)
        {
            using var rng = new TorchSharp.torch.Generator(1);
            using var real = randn(6, 3);
            using var fake = randn(6, 3);
            using var gp = new GradientPenalty(10).Compute(new RegularizerContext(d, real, fake, null, null, rng));
            gp.item<float>().Should().BeApproximately((float)(10 * Math.Pow(Norm(w) - 1, 2)), 1e-4f);
            gp.requires_grad.Should().BeTrue("the penalty must train D");
        }
    }

    [Fact]
    public void Gradient_penalty_takes_the_norm_over_each_packed_group()
    {
        var (d, w) = LinearDiscriminator(2, pack: 2);
        using (d)
        {
            using var rng = new TorchSharp.torch.Generator(1);
            using var real = randn(4, 2);
            using var fake = randn(4, 2);
            using var gp = new GradientPenalty(1).Compute(new RegularizerContext(d, real, fake, null, null, rng));
            gp.item<float>().Should().BeApproximately((float)Math.Pow(Norm(w) - 1, 2), 1e-4f, "the packed input's gradient is the whole w (4 features)");
        }
    }

    [Fact]
    public void R1_matches_the_hand_computation_and_scales_with_its_interval()
    {
        var (d, w) = LinearDiscriminator(3);
        using (d)
        {
            using var rng = new TorchSharp.torch.Generator(1);
            using var real = randn(5, 3);
            var context = new RegularizerContext(d, real, real, null, null, rng);
            double expected = 2.0 / 2 * Math.Pow(Norm(w), 2);
            using var every = new R1Penalty(2).Compute(context);
            using var lazy = new R1Penalty(2, interval: 4).Compute(context);
            every.item<float>().Should().BeApproximately((float)expected, 1e-4f);
            lazy.item<float>().Should().BeApproximately((float)(4 * expected), 1e-3f);
        }
    }

    [Fact]
    public void R2_is_taken_at_the_generated_samples_and_matches_the_hand_computation()
    {
        var (d, w) = LinearDiscriminator(3);
        using (d)
        {
            using var rng = new TorchSharp.torch.Generator(1);
            using var real = randn(5, 3);
            using var fake = randn(5, 3);
            var context = new RegularizerContext(d, real, fake, null, null, rng);
            double expected = 3.0 / 2 * Math.Pow(Norm(w), 2);
            using var every = new R2Penalty(3).Compute(context);
            using var lazy = new R2Penalty(3, interval: 4).Compute(context);
            every.item<float>().Should().BeApproximately((float)expected, 1e-4f);
            lazy.item<float>().Should().BeApproximately((float)(4 * expected), 1e-3f);
            every.requires_grad.Should().BeTrue("the penalty must train D");
        }
    }

    [Fact]
    public void R2_reads_the_fakes_and_r1_the_reals()
    {
        // D(x) = Σ x² has ∇D = 2x: the penalties differ exactly by which batch they read.
        using var d = Discriminator.FromModule(new SquareSum(), new DiscriminatorDescriptor([2], null));
        using var rng = new TorchSharp.torch.Generator(1);
        using var real = tensor(new float[,] { { 1, 0 }, { 0, 1 } });
        using var fake = tensor(new float[,] { { 3, 0 }, { 0, 0 } });
        var context = new RegularizerContext(d, real, fake, null, null, rng);
        using var r1 = new R1Penalty(2).Compute(context);
        using var r2 = new R2Penalty(2).Compute(context);
        r1.item<float>().Should().BeApproximately(4f, 1e-5f, "mean of ‖2x‖² over (1,0), (0,1) is 4");
        r2.item<float>().Should().BeApproximately(18f, 1e-5f, "mean of ‖2x‖² over (3,0), (0,0) is 18");
    }

    private sealed class SquareSum : TorchSharp.torch.nn.Module<Tensor, Tensor?, Tensor>
    {
        private readonly TorchSharp.Modules.Parameter bias = new(zeros(1));

        public SquareSum() : base("SquareSum") => RegisterComponents();

        public override Tensor forward(Tensor x, Tensor? labels) => x.square().sum(1) + bias;
    }
}
