namespace GanKit.Data;

/// <summary>
/// The image files under a folder (recursively, sorted ordinally) and their classes: when every file lies in a
/// sub-folder, each top-level sub-folder is a class (sorted by name).
/// </summary>
internal sealed record ImageFolderScan(IReadOnlyList<string> Files, IReadOnlyList<int>? Labels, IReadOnlyList<string> ClassNames)
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
        { ".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif" };

    public static ImageFolderScan Scan(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory)) throw new InvalidDatasetException(directory, "the folder does not exist.");
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new InvalidDatasetException(directory, "the folder holds no PNG, JPEG, WebP, BMP or GIF files.");

        var relative = files.Select(f => Path.GetRelativePath(directory, f)).ToList();
        bool labelled = relative.All(r => r.Contains(Path.DirectorySeparatorChar));
        if (!labelled) return new ImageFolderScan(files, null, []);
        var classNames = relative.Select(r => r.Split(Path.DirectorySeparatorChar)[0]).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = classNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        return new ImageFolderScan(files, relative.Select(r => index[r.Split(Path.DirectorySeparatorChar)[0]]).ToArray(), classNames);
    }
}
