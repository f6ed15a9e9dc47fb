using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanKit.Configuration;

/// <summary>The one JSON dialect GanKit writes options in (checkpoints, <see cref="Training.GanTrainerOptions.ToJson"/>).</summary>
internal static class GanKitJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        // Build() rejects NaN and infinities, but a record made with `with` and never built can still hold them.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };
}
