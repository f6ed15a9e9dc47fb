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
    /// <summary>The built-in generator's specification; null for a module of the user's own.</summary>
    public GeneratorSpec? Generator { get; init; }
    /// <summary>The built-in discriminator's specification; null for a module of the user's own.</summary>
    public DiscriminatorSpec? Discriminator { get; init; }
    /// <summary>Every generator's descriptor (checkpoints written before descriptors existed have only the spec).</summary>
    public GeneratorDescriptor? GeneratorDescriptor { get; init; }
    public DiscriminatorDescriptor? DiscriminatorDescriptor { get; init; }
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

    /// <summary>The generator's descriptor, from the spec when the checkpoint predates descriptors.</summary>
    [JsonIgnore]
    public GeneratorDescriptor GeneratorModel => GeneratorDescriptor ?? Generator!.ToDescriptor();

    /// <summary>The discriminator's descriptor, from the spec when the checkpoint predates descriptors.</summary>
    [JsonIgnore]
    public DiscriminatorDescriptor DiscriminatorModel => DiscriminatorDescriptor ?? Discriminator!.ToDescriptor();

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static CheckpointMetadata FromJson(byte[] json, string path)
    {
        try
        {
            var meta = JsonSerializer.Deserialize<CheckpointMetadata>(json, Json)
                       ?? throw new CheckpointCorruptedException(path, "the metadata section is empty.");
            if (meta.GeneratorDescriptor is null && meta.Generator is null)
                throw new CheckpointCorruptedException(path, "the metadata section describes no generator.");
            if (meta.DiscriminatorDescriptor is null && meta.Discriminator is null)
                throw new CheckpointCorruptedException(path, "the metadata section describes no discriminator.");
            _ = meta.GeneratorModel; // a spec of impossible sizes fails here, as a damaged file, not later
            _ = meta.DiscriminatorModel;
            return meta;
        }
        catch (JsonException ex)
        {
            throw new CheckpointCorruptedException(path, "the metadata section is not valid.", ex);
        }
        catch (ArgumentException ex) // a descriptor's constructor refused its sizes
        {
            throw new CheckpointCorruptedException(path, $"the metadata section is not valid ({ex.Message}).", ex);
        }
    }
}
