using GanKit.Features;
using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// Pooled features of a pretrained image network (e.g. ResNet18): images in [-1, 1] are mapped to [0, 1], grayscale is
/// repeated to three channels, and every image is resized bilinearly to <c>imageSize</c>² before the network runs.
/// </summary>
internal sealed class PretrainedFeatureSpace : IFeatureSpace
{
    private const int Batch = 128;
    private readonly IFeatureNetwork _network;
    private readonly int _imageSize;
    private readonly bool _ownsNetwork;

    public PretrainedFeatureSpace(IFeatureNetwork network, int imageSize, bool ownsNetwork)
    {
        _network = network;
        _imageSize = imageSize;
        _ownsNetwork = ownsNetwork;
    }

    public string Name => _network.Name;

    public int Dimension => _network.PooledFeatureSize;

    public Tensor Embed(Tensor samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.dim() != 4 || samples.shape[1] is not (1 or 3))
            throw new MetricInputException($"{Name} features need images [N,1,H,W] or [N,3,H,W]; got [{string.Join(",", samples.shape)}].");
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < samples.shape[0]; start += Batch)
        {
            var chunk = samples.narrow(0, start, Math.Min(Batch, samples.shape[0] - start)).detach().to(ScalarType.Float32);
            var rgb = ((chunk + 1) * 0.5).clamp(0, 1);
            if (rgb.shape[1] == 1) rgb = rgb.expand(-1, 3, -1, -1);
            if (rgb.shape[2] != _imageSize || rgb.shape[3] != _imageSize)
                rgb = nn.functional.interpolate(rgb, [_imageSize, _imageSize], mode: InterpolationMode.Bilinear, align_corners: false);
            parts.Add(_network.ExtractPooled(rgb.contiguous().to(_network.Device)).to(CPU));
        }

        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        if (_ownsNetwork) _network.Dispose();
    }
}
