using System.Text.Json;
using System.Text.Json.Serialization;
using GanKit.Models;
using GanKit.Training;

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
    /// <summary>The adaptive augmentation probability p, when a controller runs.</summary>
    public double? AugmentationProbability { get; init; }
    /// <summary>
    /// ADA's open observation window: the sum of sign(D(x_real)) since the last adjustment (averaged over data-parallel
    /// ranks), how many outputs it covers and how many updates, so a resumed run adjusts p exactly where the original did.
    /// </summary>
    public double AugmentationSignSum { get; init; }
    public long AugmentationSignCount { get; init; }
    public int AugmentationUpdates { get; init; }
    public required long SamplerEpoch { get; init; }
    public required long SamplerPosition { get; init; }
    public required long DiscriminatorSteps { get; init; }
    public int Rollbacks { get; init; }
    public int BatchSize { get; init; }
    /// <summary>
    /// The trainer's options as a JSON object. Checkpoints written before options were data hold a free-text string here
    /// (or nothing); <see cref="ReadOptions"/> then returns null.
    /// </summary>
    public JsonElement? Options { get; init; }
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
        catch (ArgumentException ex) // a descriptor's constructor refused its sizes
        {
            throw new CheckpointCorruptedException(path, $"the metadata section is not valid ({ex.Message}).", ex);
        }

        // JSON null passes "required" and non-nullable declarations alike; refuse it here rather than fail later on a null.
        var missing = new List<string>();
        if (meta.Loss is null) missing.Add(nameof(Loss));
        // A built-in model has its spec (and, since descriptors exist, its descriptor); a module of the user's own has only the descriptor.
        if (meta.Generator is null && meta.GeneratorDescriptor is null) missing.Add($"{nameof(Generator)} and {nameof(GeneratorDescriptor)}");
        else if (meta.Generator is { OutputShape: null }) missing.Add("Generator.OutputShape");
        if (meta.Discriminator is null && meta.DiscriminatorDescriptor is null) missing.Add($"{nameof(Discriminator)} and {nameof(DiscriminatorDescriptor)}");
        else if (meta.Discriminator is { InputShape: null }) missing.Add("Discriminator.InputShape");
        if (missing.Count > 0) throw new CheckpointCorruptedException(path, $"the metadata section is not valid: {string.Join(", ", missing)} is null.");
        CheckModel(path, "generator", () => meta.GeneratorModel, meta.Generator is null ? null : () => meta.Generator.ToDescriptor(), meta.GeneratorDescriptor);
        CheckModel(path, "discriminator", () => meta.DiscriminatorModel, meta.Discriminator is null ? null : () => meta.Discriminator.ToDescriptor(), meta.DiscriminatorDescriptor);
        return meta;
    }

    /// <summary>The options stored in the checkpoint, or null for a checkpoint written before options were stored as JSON.</summary>
    /// <exception cref="CheckpointCorruptedException">The options object is there but not valid (e.g. an unknown loss type).</exception>
    public GanTrainerOptions? ReadOptions(string path)
    {
        if (Options is not { ValueKind: JsonValueKind.Object } json) return null;
        try
        {
            return GanTrainerOptions.FromJsonElement(json);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new CheckpointCorruptedException(path, $"the stored trainer options are not valid ({ex.Message}).", ex);
        }
    }

    // The descriptor derived from a stored spec must be possible and agree with the stored descriptor.
    private static void CheckModel<T>(string path, string model, Func<T> resolve, Func<T>? fromSpec, T? stored) where T : class
    {
        try
        {
            resolve();
            if (fromSpec is not null && stored is not null && !fromSpec().Equals(stored))
                throw new CheckpointCorruptedException(path, $"the {model}'s specification and descriptor disagree.");
        }
        catch (ArgumentException ex)
        {
            throw new CheckpointCorruptedException(path, $"the {model}'s specification is impossible ({ex.Message}).", ex);
        }
    }
}
