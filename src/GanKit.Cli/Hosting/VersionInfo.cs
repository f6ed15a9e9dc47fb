using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using GanKit.Runtime;
using TorchSharp;

namespace GanKit.Cli.Hosting;

/// <summary>
/// `gankit --version`: GanKit's, TorchSharp's and libtorch's versions and the devices libtorch can see, so a bug
/// report says everything about the native side in one paste.
/// </summary>
internal sealed class VersionInfo : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        foreach (var line in Lines()) parseResult.InvocationConfiguration.Output.WriteLine(line);
        return ExitCodes.Success;
    }

    public static IEnumerable<string> Lines()
    {
        yield return $"gankit {InformationalVersion(typeof(GanKit.Training.GanTrainer).Assembly)}";
        yield return $"TorchSharp {InformationalVersion(typeof(torch).Assembly)}";
        string libtorch, devices;
        try
        {
            TorchRuntime.EnsureLoaded();
            libtorch = $"libtorch {torch.__version__}";
            devices = ComputeDevice.IsCudaAvailable
                ? $"devices: cpu ({TorchRuntime.Threads} threads), cuda ({torch.cuda.device_count()} device(s))"
                : $"devices: cpu ({TorchRuntime.Threads} threads); no CUDA device or no CUDA build of libtorch";
        }
        catch (TorchNativeLoadException ex)
        {
            libtorch = $"libtorch: cannot be loaded: {ex.Message}";
            devices = "devices: none usable";
        }

        yield return libtorch;
        yield return devices;
    }

    // "0.1.0+<commit>" as the build stamps it; shortened to 12 hex digits of the commit, as git does in logs.
    private static string InformationalVersion(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = version.IndexOf('+');
        return plus >= 0 && version.Length - plus - 1 > 12 ? version[..(plus + 13)] : version;
    }
}
