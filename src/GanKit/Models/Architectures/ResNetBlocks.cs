using GanKit.Models.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Models.Architectures;

/// <summary>SNGAN's generator block: BN → ReLU → upsample ×2 → conv3 → BN → ReLU → conv3, plus upsample → conv1 shortcut.</summary>
internal sealed class UpResidualBlock : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> conv2;
    private readonly nn.Module<Tensor, Tensor> shortcut;
    private readonly BatchNorm2d? bn1;
    private readonly BatchNorm2d? bn2;
    private readonly ConditionalBatchNorm2d? cbn1;
    private readonly ConditionalBatchNorm2d? cbn2;

    public UpResidualBlock(long inCh, long outCh, int? classes) : base(nameof(UpResidualBlock))
    {
        conv1 = nn.Conv2d(inCh, outCh, 3, padding: 1);
        conv2 = nn.Conv2d(outCh, outCh, 3, padding: 1);
        shortcut = nn.Conv2d(inCh, outCh, 1);
        if (classes is { } k)
        {
            cbn1 = new ConditionalBatchNorm2d(inCh, k);
            cbn2 = new ConditionalBatchNorm2d(outCh, k);
        }
        else
        {
            bn1 = nn.BatchNorm2d(inCh);
            bn2 = nn.BatchNorm2d(outCh);
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var h = (cbn1 is null ? bn1!.call(x) : cbn1.call(x, labels)).relu();
        h = conv1.call(Upsample(h));
        h = (cbn2 is null ? bn2!.call(h) : cbn2.call(h, labels)).relu();
        h = conv2.call(h);
        return (h + shortcut.call(Upsample(x))).MoveToOuterDisposeScope();
    }

    private static Tensor Upsample(Tensor x) => F.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
}

/// <summary>SNGAN's discriminator block: (ReLU) → conv3 → ReLU → conv3 → (avg-pool), plus conv1 → (avg-pool) shortcut.</summary>
internal sealed class DownResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> conv2;
    private readonly nn.Module<Tensor, Tensor>? shortcut;
    private readonly bool _downsample;
    private readonly bool _preActivation;

    // preActivation is false for the first block, which sees raw pixels (SNGAN's "optimized" block).
    public DownResidualBlock(long inCh, long outCh, bool downsample, bool preActivation, bool spectralNorm) : base(nameof(DownResidualBlock))
    {
        conv1 = LayerFactory.Conv(inCh, outCh, 3, 1, 1, spectralNorm);
        conv2 = LayerFactory.Conv(outCh, outCh, 3, 1, 1, spectralNorm);
        if (inCh != outCh || downsample) shortcut = LayerFactory.Conv(inCh, outCh, 1, 1, 0, spectralNorm);
        _downsample = downsample;
        _preActivation = preActivation;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = _preActivation ? x.relu() : x;
        h = conv2.call(conv1.call(h).relu());
        if (_downsample) h = F.avg_pool2d(h, 2);
        var s = x;
        if (shortcut is not null)
        {
            // The optimized first block pools before its 1×1 conv; the others convolve first.
            s = _preActivation ? shortcut.call(s) : shortcut.call(_downsample ? F.avg_pool2d(s, 2) : s);
            if (_preActivation && _downsample) s = F.avg_pool2d(s, 2);
        }
        else if (_downsample)
        {
            s = F.avg_pool2d(s, 2);
        }

        return (h + s).MoveToOuterDisposeScope();
    }
}
