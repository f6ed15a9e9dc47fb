using System.Globalization;

namespace GanKit.Benchmarks.Quality;

/// <summary>The few <c>--name value</c> options of the quality benchmarks, with defaults.</summary>
internal sealed class QualityArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    private QualityArgs() { }

    public static QualityArgs Parse(string[] args)
    {
        var parsed = new QualityArgs();
        for (int i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{arg}'; options look like --name value.");
            var name = arg[2..];
            parsed._values[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }

        return parsed;
    }

    public string String(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;

    public string? OptionalString(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public long[] Longs(string name, long[] fallback) =>
        _values.TryGetValue(name, out var v) ? v.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray() : fallback;

    public string[] List(string name, string[] fallback) =>
        _values.TryGetValue(name, out var v) ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : fallback;

    public bool Flag(string name) => _values.TryGetValue(name, out var v) && v != "false";
}
