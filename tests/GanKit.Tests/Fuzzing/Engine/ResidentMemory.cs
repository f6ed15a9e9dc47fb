using System.Globalization;

namespace GanKit.Fuzzing;

/// <summary>
/// The process's resident memory from <c>/proc/self/status</c> (Linux): <c>VmRSS</c> now and <c>VmHWM</c>, its peak, which
/// writing "5" to <c>/proc/self/clear_refs</c> resets to the current value. This sees what the managed counters cannot:
/// libtorch's and Skia's native allocations (as far as they are touched), plus the managed heap's growth.
/// It is process-wide, so other threads' memory counts too: use it where nothing else runs.
/// </summary>
public static class ResidentMemory
{
    private const string Status = "/proc/self/status";
    private const string ClearRefs = "/proc/self/clear_refs";

    /// <summary>Whether the peak can be read and reset here (Linux with a writable <c>clear_refs</c>).</summary>
    public static bool Available { get; } = Probe();

    /// <summary>Resets the peak (VmHWM) to the current resident size.</summary>
    public static void ResetPeak() => File.WriteAllText(ClearRefs, "5");

    /// <summary>The current resident size (VmRSS) in bytes.</summary>
    public static long Current() => Read("VmRSS:");

    /// <summary>The peak resident size (VmHWM) since start or the last <see cref="ResetPeak"/>, in bytes.</summary>
    public static long Peak() => Read("VmHWM:");

    private static long Read(string field)
    {
        foreach (var line in File.ReadLines(Status))
        {
            if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
            var kb = line[field.Length..].Trim();
            if (kb.EndsWith(" kB", StringComparison.Ordinal)) kb = kb[..^3];
            return long.Parse(kb, NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
        }

        throw new InvalidOperationException($"{Status} has no {field} line.");
    }

    private static bool Probe()
    {
        try
        {
            if (!OperatingSystem.IsLinux()) return false;
            ResetPeak();
            return Peak() > 0 && Current() > 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }
}
