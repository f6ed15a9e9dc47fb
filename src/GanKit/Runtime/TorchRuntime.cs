using System.Runtime.InteropServices;
using TorchSharp;

namespace GanKit.Runtime;

/// <summary>
/// Loads TorchSharp's native libraries once and turns a failure into one clear <see cref="TorchNativeLoadException"/>.
/// Every public GanKit entry point that touches tensors calls <see cref="EnsureLoaded"/> first.
/// </summary>
public static class TorchRuntime
{
    internal const string RequiredGlibcxx = "GLIBCXX_3.4.32";
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Makes sure libtorch is loaded, or throws a <see cref="TorchNativeLoadException"/> that says why not.</summary>
    /// <exception cref="TorchNativeLoadException">The native libraries could not be loaded.</exception>
    public static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure) throw Diagnose(failure);
    }

    /// <summary>The number of threads libtorch uses for intra-op parallelism (e.g. inside one convolution).</summary>
    public static int Threads
    {
        get
        {
            EnsureLoaded();
            return torch.get_num_threads();
        }
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "Thread count must be at least 1.");
            EnsureLoaded();
            torch.set_num_threads(value);
        }
    }

    private static Exception? TryLoad()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ex;
        }
    }

    internal static TorchNativeLoadException Diagnose(Exception failure)
    {
        var causes = new List<string>();
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && LinuxLibStdCxx.Find() is { } lib && !LinuxLibStdCxx.Exports(lib, RequiredGlibcxx))
        {
            causes.Add($"the system libstdc++ ({lib}) lacks {RequiredGlibcxx}; TorchSharp 0.107 needs GCC 13's libstdc++ " +
                       "(Ubuntu 24.04+, Debian 13+, Fedora 39+ have it; on Debian 12 install libstdc++6 from Debian 13)");
        }

        if (!NativeLibTorchIsPresent())
        {
            causes.Add("libtorch's native files are not next to the application; reference the TorchSharp-cpu package " +
                       "(or TorchSharp-cuda-linux / TorchSharp-cuda-windows) from your application project");
        }

        if (causes.Count == 0) causes.Add("see the inner exception for the loader's own message");
        return new TorchNativeLoadException(
            "TorchSharp's native library could not be loaded: " + string.Join("; and ", causes) + ".", failure);
    }

    private static bool NativeLibTorchIsPresent()
    {
        string[] names = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? ["torch_cpu.dll", "torch.dll"]
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? ["libtorch_cpu.dylib", "libtorch.dylib"]
            : ["libtorch_cpu.so", "libtorch.so"];
        var baseDir = AppContext.BaseDirectory;
        return names.Any(n => File.Exists(Path.Combine(baseDir, n)))
               || (Directory.Exists(Path.Combine(baseDir, "runtimes"))
                   && names.Any(n => Directory.EnumerateFiles(Path.Combine(baseDir, "runtimes"), n, SearchOption.AllDirectories).Any()));
    }
}
