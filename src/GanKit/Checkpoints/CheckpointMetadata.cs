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
        CheckpointMetadata meta;
        try
        {
            meta = JsonSerializer.Deserialize<CheckpointMetadata>(json, Json)
                   ?? throw new CheckpointCorruptedException(path, "the metadata section is empty.");
        }
        catch (JsonException ex)
        {
            throw new CheckpointCorruptedException(path, "the metadata section is not valid.", ex);
        }

        // JSON null passes "required" and non-nullable declarations alike; refuse it here rather than fail later on a null.
        var missing = new List<string>();
        if (meta.Loss is null) missing.Add(nameof(Loss));
        if (meta.Options is null) missing.Add(nameof(Options));
        if (meta.Generator is null) missing.Add(nameof(Generator));
        else if (meta.Generator.OutputShape is null) missing.Add("Generator.OutputShape");
        if (meta.Discriminator is null) missing.Add(nameof(Discriminator));
        else if (meta.Discriminator.InputShape is null) missing.Add("Discriminator.InputShape");
        if (missing.Count > 0) throw new CheckpointCorruptedException(path, $"the metadata section is not valid: {string.Join(", ", missing)} is null.");
        return meta;
    }
}
