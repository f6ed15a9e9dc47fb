using System.Globalization;
using GanKit.Runtime;

namespace GanKit.Cli.Hosting;

internal static class OptionParsing
{
    public static T Enum<T>(string value, string flag) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed)
            ? parsed
            : throw new UserErrorException($"{flag} '{value}' is not one of: {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");

    /// <summary>
    /// A device name (cpu, cuda, cuda:N), parsed here so a bad name is the CLI's own message rather than a library
    /// exception's text; an unavailable CUDA device is the library's <see cref="DeviceUnavailableException"/>.
    /// </summary>
    public static TorchSharp.torch.Device Device(string value, string flag)
    {
        var name = value.Trim().ToLowerInvariant();
        if (name == "cpu") return ComputeDevice.Resolve(ComputeDeviceKind.Cpu);
        if (name == "cuda") return ComputeDevice.Resolve(ComputeDeviceKind.Cuda);
        if (name.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return ComputeDevice.Resolve(ComputeDeviceKind.Cuda, index);
        throw new UserErrorException($"{flag} '{value}' is not a device name; use cpu, cuda or cuda:N.");
    }

    public static void Positive(double value, string flag)
    {
        if (!(value > 0) || double.IsInfinity(value)) throw new UserErrorException($"{flag} must be a positive number (was {value.ToString(CultureInfo.InvariantCulture)}).");
    }

    public static void AtLeast(long value, long min, string flag)
    {
        if (value < min) throw new UserErrorException($"{flag} must be at least {min} (was {value}).");
    }

    public static void FileExists(string path, string flag)
    {
        if (!File.Exists(path)) throw new UserErrorException($"{flag}: file '{path}' does not exist.");
    }

    /// <summary>Checks a file to be written before any work is done, so a long run does not fail at its very end.</summary>
    public static void OutputFile(string path, string flag)
    {
        if (Directory.Exists(path)) throw new UserErrorException($"{flag} '{path}' is a folder; give a file name, e.g. '{Path.Combine(path, "out.png")}'.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
            throw new UserErrorException($"{flag} '{path}': the folder '{folder}' does not exist; create it first or choose another path.");
    }

    /// <summary>Checks a folder to be created or written into (a run folder, the demo's output).</summary>
    public static void OutputFolder(string path, string flag)
    {
        if (File.Exists(path)) throw new UserErrorException($"{flag} '{path}' is a file; give the name of a folder (it is created if missing).");
    }
}
