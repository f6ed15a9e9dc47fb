using System.Diagnostics;
using System.Globalization;

namespace GanKit.IO;

/// <summary>
/// Writes files so that a reader (or a crash) never sees half a file: write a temporary file beside the target,
/// flush it to disk, then rename it over the target.
/// </summary>
internal static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = TemporaryPath(directory, Path.GetFileName(full), Environment.ProcessId, Guid.NewGuid());
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    // Hidden (leading dot) and with a suffix of its own, so no listing of the targets' names can pick it up; the writer's
    // process id tells whether the write can still be in flight.
    private static string TemporaryPath(string directory, string fileName, int processId, Guid id) =>
        Path.Combine(directory, $".{fileName}.{processId.ToString(CultureInfo.InvariantCulture)}.{id:N}{TemporarySuffix}");

    /// <summary>
    /// Deletes the temporary files of <see cref="Write"/> for targets matching <paramref name="targetPattern"/> whose
    /// writing process has died (killed, crashed, power lost), which its own cleanup never got to. Without this, every
    /// kill that lands in a write leaves a file behind for good. Temporaries of running processes are left alone.
    /// </summary>
    /// <returns>How many files were deleted.</returns>
    public static int DeleteAbandonedTemporaries(string directory, string targetPattern)
    {
        if (!Directory.Exists(directory)) return 0;
        int deleted = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "." + targetPattern + ".*" + TemporarySuffix))
        {
            if (WriterProcessId(Path.GetFileName(path)) is not { } pid || pid == Environment.ProcessId || IsRunning(pid)) continue;
            try
            {
                File.Delete(path);
                deleted++;
            }
            catch (IOException)
            {
                // Another process cleaned it up first, or the file system refuses: it stays for the next attempt.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return deleted;
    }

    /// <summary>The process id in ".{target}.{pid}.{32 hex digits}.tmp", or null if the name is not one of ours.</summary>
    internal static int? WriterProcessId(string fileName)
    {
        if (!fileName.StartsWith('.') || !fileName.EndsWith(TemporarySuffix, StringComparison.Ordinal)) return null;
        var parts = fileName[..^TemporarySuffix.Length].Split('.');
        if (parts.Length < 4 || parts[^1].Length != 32 || !parts[^1].All(char.IsAsciiHexDigit)) return null;
        return int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
