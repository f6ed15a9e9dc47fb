using System.Text.Json;
using System.Text.Json.Serialization;
using GanKit.Models;

namespace GanKit.Checkpoints;

/// <summary>The JSON "meta" section of a checkpoint: where training stood and what it was training.</summary>
internal sealed record CheckpointMetadata
{
    public required long Step { get; init; }
    public required long Seed { get; init; }
    public required string Loss { get; init; }
    public required GeneratorSpec Generator { get; init; }
    public required DiscriminatorSpec Discriminator { get; init; }
    public double? EmaDecay { get; init; }
    public required long SamplerEpoch { get; init; }
    public required long SamplerPosition { get; init; }
    public required long DiscriminatorSteps { get; init; }
    public int Rollbacks { get; init; }
    public int BatchSize { get; init; }
    public required string Options { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    public string GanKitVersion { get; init; } = typeof(CheckpointMetadata).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static CheckpointMetadata FromJson(byte[] json, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<CheckpointMetadata>(json, Json)
                   ?? throw new CheckpointCorruptedException(path, "the metadata section is empty.");
        }
        catch (JsonException ex)
        {
            throw new CheckpointCorruptedException(path, "the metadata section is not valid.", ex);
        }
    }
}
