using GanKit.Models;
using GanKit.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Tests.Distributed;

/// <summary>Bucketed gradient averaging, in process: a stand-in for a second rank whose gradients are twice ours.</summary>
public sealed class GradientAveragingTests
{
    // Rank 0 of 2; the "other rank" holds 2× each value, so every sum is 3× and every average 1.5× ours.
    private sealed class DoublingPeer : IDataParallelCommunicator
    {
        public List<int> Calls { get; } = [];
        public int Rank => 0;
        public int Size => 2;
        public void AllReduceSum(Span<float> buffer)
        {
            Calls.Add(buffer.Length);
            for (int i = 0; i < buffer.Length; i++) buffer[i] *= 3;
        }

        public void AllReduceSum(Span<double> buffer)
        {
            for (int i = 0; i < buffer.Length; i++) buffer[i] *= 3;
        }

        public void Broadcast(Span<byte> buffer, int root) { }
        public void Barrier() { }
    }

    [Theory]
    [InlineData(7)]          // smaller than most parameters: one parameter per bucket
    [InlineData(100)]        // several parameters per bucket, split at parameter boundaries
    [InlineData(1L << 23)]   // everything in one bucket
    public void EveryGradientBecomesTheAverageWhateverTheBucketSize(long bucket)
    {
        using var scope = NewDisposeScope();
        var d = Discriminator.CreateBuilder().ForVectors(3).UseMlp(8, 2).WithSeed(3).Build();
        var parameters = d.Parameters().ToList();
        var frozen = parameters[^1];
        frozen.requires_grad_(false);
        var input = randn(5, 3, generator: new TorchSharp.torch.Generator(1));
        d.Forward(input, null).square().sum().backward();
        var before = parameters.Where(p => p.grad is not null).Select(p => p.grad!.clone()).ToList();
        before.Should().HaveCount(parameters.Count - 1);

        var peer = new DoublingPeer();
        new DataParallel(peer, bucket).AverageGradients(parameters);

        var withGrad = parameters.Where(p => p.grad is not null).ToList();
        for (int i = 0; i < withGrad.Count; i++)
            withGrad[i].grad!.allclose(before[i] * 1.5, rtol: 1e-6, atol: 1e-7).Should().BeTrue($"parameter {i}");
        frozen.grad.Should().BeNull("a parameter without a gradient is left alone");
        peer.Calls.Sum().Should().Be((int)withGrad.Sum(p => p.numel()));
        if (bucket == 1L << 23) peer.Calls.Should().ContainSingle();
        else peer.Calls.Count.Should().BeGreaterThan(1);
    }

    [Fact]
    public void TheShardOfRankRIsRowsRTimesBToRTimesBPlusB()
    {
        var parallel = new DataParallel(new DoublingPeer());
        using var global = arange(8).reshape(4, 2);
        parallel.Shard(global).data<long>().ToArray().Should().Equal(0, 1, 2, 3);
    }
}
