using GanKit.Data;
using GanKit.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Generator = GanKit.Models.Generator;

namespace GanKit.Benchmarks.Performance;

/// <summary>
/// The baseline: the same models, the same data access and the same maths as GanTrainer's step (non-saturating or
/// WGAN-GP, one critic step), written as a plain TorchSharp loop with no library around it.
/// </summary>
internal sealed class HandWrittenLoop : IDisposable
{
    private readonly Generator _g;
    private readonly Discriminator _d;
    private readonly IGanDataset _data;
    private readonly bool _wgan;
    private readonly Adam _optG;
    private readonly Adam _optD;
    private readonly nn.Module<Tensor, Tensor?, Tensor> _gNet;
    private readonly nn.Module<Tensor, Tensor?, Tensor> _dNet;
    private long _position;

    public HandWrittenLoop(Generator g, Discriminator d, IGanDataset data, bool wgan)
    {
        (_g, _d, _data, _wgan) = (g, d, data, wgan);
        _gNet = (nn.Module<Tensor, Tensor?, Tensor>)g.Module;
        _dNet = (nn.Module<Tensor, Tensor?, Tensor>)d.Module;
        _optG = optim.Adam(g.Parameters(), 2e-4, 0.5, 0.999);
        _optD = optim.Adam(d.Parameters(), 2e-4, 0.5, 0.999);
    }

    public void Step()
    {
        using var scope = NewDisposeScope();
        var indices = new long[BenchModels.Batch];
        for (int i = 0; i < indices.Length; i++) indices[i] = (_position++) % _data.Count;
        using var batch = _data.GetBatch(indices);
        var real = batch.Samples;
        var z = randn(BenchModels.Batch, _g.LatentSize);
        var fake = _gNet.forward(z, null);

        var dReal = _dNet.forward(real, null).squeeze();
        var dFake = _dNet.forward(fake.detach(), null).squeeze();
        Tensor lossD;
        if (_wgan)
        {
            var alpha = rand(BenchModels.Batch, 1, 1, 1);
            var mixed = (alpha * real + (1 - alpha) * fake.detach()).detach().requires_grad_(true);
            var output = _dNet.forward(mixed, null);
            var grad = autograd.grad([output.sum()], [mixed], retain_graph: true, create_graph: true)[0];
            var gp = 10 * (grad.reshape(BenchModels.Batch, -1).norm(1) - 1).square().mean();
            lossD = dFake.mean() - dReal.mean() + gp;
        }
        else
        {
            lossD = F.binary_cross_entropy_with_logits(dReal, ones_like(dReal)) + F.binary_cross_entropy_with_logits(dFake, zeros_like(dFake));
        }

        _ = lossD.item<float>(); // the trainer reads the losses too (progress, NaN guard)
        _optD.zero_grad();
        lossD.backward();
        _optD.step();

        foreach (var p in _d.Parameters()) p.requires_grad_(false);
        _optG.zero_grad();
        var out2 = _dNet.forward(fake, null).squeeze();
        var lossG = _wgan ? out2.mean().neg() : F.softplus(out2.neg()).mean();
        _ = lossG.item<float>();
        lossG.backward();
        _optG.step();
        foreach (var p in _d.Parameters()) p.requires_grad_(true);
    }

    public void Dispose()
    {
        _optG.Dispose();
        _optD.Dispose();
    }
}
