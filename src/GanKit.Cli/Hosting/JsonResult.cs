using System.CommandLine;
using System.Text.Json;

namespace GanKit.Cli.Hosting;

/// <summary>
/// `--json` for every command that ends with results: the result as one JSON object on stdout (camelCase keys, every key
/// always written, null where it does not apply) and nothing else there, so scripts can parse stdout whole.
/// </summary>
internal static class JsonResult
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Option<bool> CreateOption() => new("--json") { Description = "Print the result as one JSON object on stdout and nothing else." };

    public static void Print(object result) => Console.Out.WriteLine(JsonSerializer.Serialize(result, Options));
}
