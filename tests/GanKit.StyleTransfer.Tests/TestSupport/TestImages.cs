using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Tests.TestSupport;

/// <summary>Small synthetic content and style images with structure the tiny network can see.</summary>
public static class TestImages
{
    /// <summary>A smooth "landscape": a warm gradient sky over a greenish ground with a dark disc.</summary>
    public static Tensor Content(int size = 32)
    {
        using var scope = NewDisposeScope();
        var y = linspace(0, 1, size).view(size, 1).expand(size, size);
        var x = linspace(0, 1, size).view(1, size).expand(size, size);
        var disc = ((x - 0.6).square() + (y - 0.4).square() < 0.04).to(ScalarType.Float32);
        var r = (0.9 - 0.5 * y) * (1 - 0.7 * disc);
        var g = (0.5 + 0.3 * y) * (1 - 0.7 * disc);
        var b = (0.8 - 0.6 * y) * (1 - 0.7 * disc);
        return stack([r, g, b]).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Blue-and-yellow diagonal stripes: a strong texture in strong colours.</summary>
    public static Tensor Stripes(int size = 32, int period = 6)
    {
        using var scope = NewDisposeScope();
        var idx = arange(size).to(ScalarType.Float32);
        var phase = (idx.view(size, 1) + idx.view(1, size)) * (2 * Math.PI / period);
        var t = (phase.sin() + 1) / 2;
        var r = t * 0.95 + 0.05;
        var g = t * 0.85 + 0.1;
        var b = (1 - t) * 0.9 + 0.05;
        return stack([r, g, b]).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>A red-and-black checkerboard.</summary>
    public static Tensor Checks(int size = 32, int cell = 4)
    {
        using var scope = NewDisposeScope();
        var idx = arange(size).div(cell, rounding_mode: RoundingMode.floor);
        var board = ((idx.view(size, 1) + idx.view(1, size)) % 2).to(ScalarType.Float32);
        return stack([board * 0.9 + 0.05, board * 0.1, board * 0.2]).MoveToOuterDisposeScope();
    }
}
