using TorchSharp;
using System.Runtime.InteropServices;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>
/// A feature network over any TorchSharp module. For a <see cref="Sequential"/>, taps are the names of its children and the
/// forward pass runs child by child, stopping at the deepest requested tap. For any other module, taps are names from
/// <c>named_modules()</c> (dotted paths such as <c>layer1.0.relu</c>), captured with forward hooks while the module's own
/// forward runs to the end. The module is frozen (no gradients for its parameters, eval mode).
/// </summary>
internal sealed class CustomFeatureNetwork : FeatureNetworkBase
{
    private readonly nn.Module<Tensor, Tensor> _module;
    private readonly Func<Tensor, Tensor>? _preprocess;
    private readonly bool _ownsModule;
    private readonly string _pooledTap;
    private readonly Lazy<int> _pooledFeatureSize;

    // Sequential: the children in order. Otherwise: hooks that record tap outputs for the calling thread.
    private readonly (string Name, nn.Module<Tensor, Tensor> Module)[]? _children;
    private readonly List<nn.HookableModule<Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>, Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor>>.HookRemover> _hooks = [];
    private readonly ThreadLocal<Dictionary<string, Tensor>?> _captured = new();

    public CustomFeatureNetwork(nn.Module<Tensor, Tensor> module, IReadOnlyList<string> taps, Func<Tensor, Tensor>? preprocess,
        CustomFeatureNetworkOptions options, Device device)
        : base(options.Name, taps, options.ContentTaps ?? [taps[taps.Count / 2]], options.StyleTaps ?? taps, device, options.MinimumImageSize)
    {
        _module = module;
        _preprocess = preprocess;
        _ownsModule = options.OwnsModule;
        _pooledTap = options.PooledTap ?? taps[^1];
        if (!taps.Contains(_pooledTap)) throw new ArgumentException($"The pooled tap '{_pooledTap}' is not one of the taps: {string.Join(", ", taps)}.", nameof(taps));

        if (module is Sequential sequential)
        {
            _children = sequential.named_children().Select(c => (c.name, AsTensorModule(c.name, c.module))).ToArray();
            RequireNamed(taps, _children.Select(c => c.Name).ToList(), "children");
        }
        else
        {
            var named = module.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
            RequireNamed(taps, named.Keys.ToList(), "submodules (named_modules)");
            foreach (var tap in taps)
            {
                var name = tap;
                _hooks.Add(AsTensorModule(tap, named[tap]).register_forward_hook((_, _, output) =>
                {
                    if (_captured.Value is { } capture) capture[name] = output;
                    return output;
                }));
            }
        }

        module.to(device);
        ModuleOwnership.Freeze(module);
        var probe = Math.Max(options.ProbeImageSize, options.MinimumImageSize);
        _pooledFeatureSize = new Lazy<int>(() => options.PooledFeatureSize ?? MeasurePooledSize(probe), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public override int PooledFeatureSize => _pooledFeatureSize.Value;

    /// <inheritdoc />
    protected override Tensor Preprocess(Tensor rgb) => _preprocess is null ? rgb : Guard(() => _preprocess(rgb), "its preprocessing");

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> Forward(Tensor preprocessed, IReadOnlyList<string> taps) =>
        Guard(() => _children is not null ? RunChildren(preprocessed, taps) : RunHooked(preprocessed, taps), "its forward pass");

    /// <inheritdoc />
    protected override Tensor Pool(Tensor preprocessed) => GlobalAveragePool(Forward(preprocessed, [_pooledTap])[_pooledTap]);

    /// <inheritdoc />
    protected override void DisposeNetwork()
    {
        foreach (var hook in _hooks) hook.remove();
        _captured.Dispose();
        if (_ownsModule) _module.Dispose();
    }

    private Dictionary<string, Tensor> RunChildren(Tensor input, IReadOnlyList<string> taps)
    {
        var wanted = new HashSet<string>(taps, StringComparer.Ordinal);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var x = input;
        foreach (var (name, child) in _children!)
        {
            x = child.call(x);
            if (wanted.Contains(name)) result[name] = x;
            if (result.Count == wanted.Count) break;
        }

        return result;
    }

    private Dictionary<string, Tensor> RunHooked(Tensor input, IReadOnlyList<string> taps)
    {
        var capture = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        _captured.Value = capture;
        try
        {
            _module.call(input);
        }
        finally
        {
            _captured.Value = null;
        }

        var missing = taps.Where(t => !capture.ContainsKey(t)).ToList();
        if (missing.Count > 0)
        {
            throw new FeatureNetworkException(
                $"The custom network '{Name}' never ran the submodule{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => $"'{m}'"))} " +
                "during its forward pass (a submodule must be called through .call(), not .forward(), for its output to be seen).");
        }

        return taps.ToDictionary(t => t, t => capture[t], StringComparer.Ordinal);
    }

    private int MeasurePooledSize(int size)
    {
        using var scope = NewDisposeScope();
        using var black = zeros([1, 3, size, size], device: Device);
        using var pooled = ExtractPooled(black);
        return (int)pooled.shape[1];
    }

    private T Guard<T>(Func<T> action, string what)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is ExternalException or ArgumentException or InvalidOperationException)
        {
            // libtorch errors surface as ExternalException; TorchSharp's own shape checks as ArgumentException.
            throw new FeatureNetworkException($"The custom network '{Name}' failed in {what}: {FirstLine(ex.Message)}", ex);
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static nn.Module<Tensor, Tensor> AsTensorModule(string name, nn.Module module) =>
        module as nn.Module<Tensor, Tensor>
        ?? throw new FeatureNetworkException($"The submodule '{name}' ({module.GetType().Name}) does not map one tensor to one tensor, so it cannot be a tap.");

    private static void RequireNamed(IReadOnlyList<string> taps, List<string> names, string what)
    {
        var unknown = taps.Where(t => !names.Contains(t)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Unknown tap{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}: taps must name the module's {what}, " +
                $"which are: {string.Join(", ", names.Take(40))}{(names.Count > 40 ? ", ..." : "")}.", nameof(taps));
        }
    }
}
