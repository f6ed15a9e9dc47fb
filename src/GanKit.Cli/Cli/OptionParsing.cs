using System.Globalization;

namespace GanKit.Cli.Cli;

internal static class OptionParsing
{
    public static T Enum<T>(string value, string flag) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed)
            ? parsed
            : throw new UserErrorException($"{flag} '{value}' is not one of: {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");

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
}
