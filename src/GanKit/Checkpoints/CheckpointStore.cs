using System.Globalization;
using GanKit.IO;

namespace GanKit.Checkpoints;

/// <summary>A run folder of numbered checkpoints (<c>step-00001000.gkc</c>), keeping only the newest few.</summary>
internal sealed class CheckpointStore
{
    private const string Prefix = "step-";

    public CheckpointStore(string directory, int every, int keep)
    {
        Directory = directory;
        Every = every;
        Keep = keep;
    }

    public string Directory { get; }

    public int Every { get; }

    public int Keep { get; }

    public string PathFor(long step) => Path.Combine(Directory, $"{Prefix}{step.ToString("D8", CultureInfo.InvariantCulture)}{Checkpoint.Extension}");

    public string Save(long step, IReadOnlyList<(string Name, byte[] Data)> sections)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathFor(step);
        CheckpointFile.Write(path, sections);
        Prune();
        return path;
    }

    public string? Latest() => FindLatest(Directory);

    public static string? FindLatest(string directory) => List(directory).LastOrDefault();

    // Ordered by step number, not by name: names are zero-padded to 8 digits, and a longer run must still sort after.
    private static IEnumerable<string> List(string directory) =>
        System.IO.Directory.Exists(directory)
            ? System.IO.Directory.EnumerateFiles(directory, Prefix + "*" + Checkpoint.Extension)
                .Select(path => (Path: path, Step: StepOf(path)))
                .Where(c => c.Step is not null)
                .OrderBy(c => c.Step)
                .Select(c => c.Path)
            : [];

    private static long? StepOf(string path)
    {
        var name = Path.GetFileName(path);
        if (!name.EndsWith(Checkpoint.Extension, StringComparison.Ordinal)) return null;
        var digits = name[Prefix.Length..^Checkpoint.Extension.Length];
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) &&
               long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            ? step
            : null;
    }

    private void Prune()
    {
        var files = List(Directory).ToList();
        foreach (var old in files.Take(Math.Max(0, files.Count - Keep))) File.Delete(old);
        // A run killed while writing a checkpoint leaves its temporary file; the next run of the same folder removes it.
        AtomicFile.DeleteAbandonedTemporaries(Directory, Prefix + "*" + Checkpoint.Extension);
    }
}
