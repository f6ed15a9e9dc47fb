using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Optimization;

/// <summary>Keeps a copy of the iterate with the lowest objective, so a cancelled or noisy run returns its best image.</summary>
internal sealed class BestIterate : IDisposable
{
    private Tensor? _image;

    public double Value { get; private set; } = double.PositiveInfinity;

    /// <summary>The loss terms of the kept image.</summary>
    public StyleLosses Losses { get; private set; }

    public void Offer(Tensor image, double value, StyleLosses losses = default)
    {
        // NaN never wins; the first finite value always does.
        if (!(value < Value) && _image is not null) return;
        if (double.IsNaN(value) && _image is not null) return;
        _image?.Dispose();
        _image = image.detach().clone().DetachFromDisposeScope();
        Value = double.IsNaN(value) ? double.PositiveInfinity : value;
        Losses = losses;
    }

    /// <summary>Hands the best image to the caller (outside any dispose scope).</summary>
    public Tensor Take()
    {
        var image = _image ?? throw new InvalidOperationException("No iterate was offered.");
        _image = null;
        return image;
    }

    public void Dispose() => _image?.Dispose();
}
