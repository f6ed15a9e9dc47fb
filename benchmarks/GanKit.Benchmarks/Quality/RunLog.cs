using System.Text.Json;

namespace GanKit.Benchmarks.Quality;

/// <summary>
/// Results of benchmark runs, one JSON object per line, appended as each run finishes. Runs of one table may come from
/// several processes (one per recipe or seed, each on one torch thread); every process renders the table from the whole file,
/// so the last one to finish writes the complete table.
/// </summary>
internal static class RunLog
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static void Append<T>(string path, T result)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(JsonSerializer.Serialize(result, Json));
    }

    public static IReadOnlyList<T> Read<T>(string path) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<T>(l, Json)!).ToList()
            : [];
}
