using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>
/// What every feature network shares: input checks (shape, channels, type, device, size), grayscale-to-RGB,
/// tap validation, dispose scopes and pooled features. Subclasses supply preprocessing and the forward pass.
/// </summary>
/// <remarks>
/// Thread-safety: <see cref="Extract"/> and <see cref="ExtractPooled"/> only read the frozen weights, so one instance may serve
/// several threads at once (each call uses its own thread-local dispose scope). <see cref="Dispose"/> must not race with them.
/// </remarks>
internal abstract class FeatureNetworkBase : IFeatureNetwork
{
    private readonly HashSet<string> _tapSet;
    private readonly Dictionary<string, int> _tapOrder;
    private int _disposed;

    protected FeatureNetworkBase(string name, IReadOnlyList<string> taps, IReadOnlyList<string> contentTaps,
        IReadOnlyList<string> styleTaps, Device device, int minimumImageSize)
    {
        Name = name;
        Taps = taps.ToArray();
        _tapSet = new HashSet<string>(Taps, StringComparer.Ordinal);
        if (_tapSet.Count != Taps.Count) throw new ArgumentException($"The tap names of {name} are not unique: {string.Join(", ", taps)}.", nameof(taps));
        _tapOrder = Taps.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        DefaultContentTaps = CheckKnown(contentTaps, "content").ToArray();
        DefaultStyleTaps = CheckKnown(styleTaps, "style").ToArray();
        Device = device;
        MinimumImageSize = minimumImageSize;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Taps { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultContentTaps { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultStyleTaps { get; }

    /// <inheritdoc />
    public abstract int PooledFeatureSize { get; }

    /// <inheritdoc />
    public Device Device { get; }

    /// <summary>The smallest height and width accepted.</summary>
    public int MinimumImageSize { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Extract(Tensor images, IReadOnlyCollection<string> taps)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(taps);
        ThrowIfDisposed();
        var requested = CheckKnown(taps, "requested").Distinct(StringComparer.Ordinal).OrderBy(t => _tapOrder[t]).ToArray();
        if (requested.Length == 0) return new Dictionary<string, Tensor>(StringComparer.Ordinal);

        using var scope = NewDisposeScope();
        var input = Prepare(images);
        var outputs = Forward(input, requested);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var handedOut = new HashSet<Tensor>(ReferenceEqualityComparer.Instance) { images };
        foreach (var tap in requested)
        {
            var value = outputs[tap];

            // A tap may be the very tensor the caller passed in, or the same tensor as another tap (an identity layer):
            // hand out a separate handle so that disposing one never invalidates the other.
            if (!handedOut.Add(value)) value = value.alias();
            result[tap] = value.MoveToOuterDisposeScope();
        }

        return result;
    }

    /// <inheritdoc />
    public Tensor ExtractPooled(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        ThrowIfDisposed();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var input = Prepare(images);
        return Pool(input).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        DisposeNetwork();
        GC.SuppressFinalize(this);
    }

    /// <summary>Turns RGB images in [0, 1] into what the network's first layer expects.</summary>
    protected abstract Tensor Preprocess(Tensor rgb);

    /// <summary>Runs the network on preprocessed images up to the deepest of <paramref name="taps"/> (given in forward order).</summary>
    protected abstract IReadOnlyDictionary<string, Tensor> Forward(Tensor preprocessed, IReadOnlyList<string> taps);

    /// <summary>Pooled features <c>[N, PooledFeatureSize]</c> from preprocessed images.</summary>
    protected abstract Tensor Pool(Tensor preprocessed);

    /// <summary>Releases the network's weights.</summary>
    protected abstract void DisposeNetwork();

    /// <summary>Global average pooling of a tap's activations <c>[N,C,h,w]</c> to <c>[N,C]</c>.</summary>
    protected static Tensor GlobalAveragePool(Tensor activations) => activations.mean([2L, 3L]);

    private IEnumerable<string> CheckKnown(IEnumerable<string> taps, string what)
    {
        var list = taps.ToList();
        var unknown = list.Where(t => t is null || !_tapSet.Contains(t)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Unknown {what} tap{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(t => $"'{t}'"))} for {Name}; " +
                $"its taps are: {string.Join(", ", Taps)}.", "taps");
        }

        return list;
    }

    private Tensor Prepare(Tensor images)
    {
        if (images.IsInvalid) throw new ObjectDisposedException(nameof(images), "The images tensor has been disposed.");
        if (images.dim() != 4)
        {
            var hint = images.dim() == 3 ? " For a single image [C,H,W], add a batch dimension with images.unsqueeze(0)." : "";
            throw new ArgumentException($"{Name} expects images shaped [N,3,H,W]; got [{string.Join(",", images.shape)}].{hint}", nameof(images));
        }

        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        if (c != 3 && c != 1)
        {
            throw new ArgumentException(
                $"{Name} expects RGB images [N,3,H,W] (or grayscale [N,1,H,W]); got {c} channels." + (c == 4 ? " Drop the alpha channel first." : ""), nameof(images));
        }

        if (n == 0) throw new ArgumentException($"{Name} was given an empty batch (N = 0).", nameof(images));
        if (images.dtype != ScalarType.Float32)
        {
            throw new ArgumentException(
                $"{Name} expects float32 images with values in [0, 1]; got {images.dtype}. Convert first, e.g. images.to(torch.float32).div(255) for bytes.", nameof(images));
        }

        if (!SameDevice(images.device, Device))
        {
            throw new ArgumentException(
                $"The images are on {images.device} but {Name} is on {Device}; move them with images.to(network.Device).", nameof(images));
        }

        if (h < MinimumImageSize || w < MinimumImageSize)
        {
            throw new ArgumentException(
                $"{Name} needs images of at least {MinimumImageSize}×{MinimumImageSize} pixels; got {h}×{w}. " +
                "Upsample them first (e.g. GanKit.Imaging.ImageTransforms.Resize).", nameof(images));
        }

        var rgb = c == 1 ? images.expand(n, 3, h, w) : images;
        return Preprocess(rgb);
    }

    private static bool SameDevice(Device a, Device b) =>
        a.type == b.type && (a.type == DeviceType.CPU || Math.Max(a.index, 0) == Math.Max(b.index, 0));

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
