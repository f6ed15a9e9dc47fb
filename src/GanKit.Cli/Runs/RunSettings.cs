using System.Text.Json;
using System.Text.Json.Serialization;
using GanKit.Cli.Hosting;
using GanKit.Training;

namespace GanKit.Cli.Runs;

/// <summary>
/// What `gankit train` was asked to do, saved as run.json so `--resume`, `sample` and `evaluate` agree with it: the data
/// and models the CLI builds, and the library's own <see cref="GanTrainerOptions"/> (in the same JSON as in checkpoints),
/// not a second schema of trainer settings.
/// </summary>
internal sealed record RunSettings
{
    public const string FileName = "run.json";

    public required string Data { get; init; }
    public required string Model { get; init; }
    public bool Conditional { get; init; }
    public bool SpectralNorm { get; init; }
    public int Pack { get; init; } = 1;
    public int? ImageSize { get; init; }
    public int Latent { get; init; } = 100;
    public int Width { get; init; }
    public int SampleEvery { get; init; } = 500;

    // Model choices of the recipe (or flags overriding it); absent in run.json files written before recipes, which keep the old behaviour.
    /// <summary>The recipe the run started from (<see cref="GanRecipes"/>), or null for runs written before recipes.</summary>
    public string? Recipe { get; init; }
    public bool GeneratorBatchNorm { get; init; }
    public bool DiscriminatorWithoutBatchNorm { get; init; }
    public int? GeneratorDepth { get; init; }
    public int? DiscriminatorDepth { get; init; }
    /// <summary>The progressive-growing schedule (<see cref="GanKit.Training.ProgressiveSchedule.Parse"/>), or null.</summary>
    public string? Progressive { get; init; }

    /// <summary>The trainer's options; the checkpoint folder is left out (it is always the run folder's 'checkpoints').</summary>
    [JsonConverter(typeof(TrainerOptionsConverter))]
    public required GanTrainerOptions Trainer { get; init; }

    /// <summary>The seed of the data, the models and the trainer.</summary>
    [JsonIgnore]
    public long Seed => Trainer.Seed;

    /// <summary>Data-parallel ranks (--distributed under mpirun); Batch is per rank.</summary>
    public int Ranks { get; init; } = 1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public void Save(string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        File.WriteAllText(Path.Combine(runDirectory, FileName), JsonSerializer.Serialize(this, Json));
    }

    public static RunSettings Load(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) throw new UserErrorException($"'{runDirectory}' is not a gankit run folder ({FileName} is missing).");
        try
        {
            return JsonSerializer.Deserialize<RunSettings>(File.ReadAllText(path), Json)
                   ?? throw new UserErrorException($"'{path}' is empty.");
        }
        catch (JsonException ex)
        {
            throw new UserErrorException($"'{path}' is not valid: {ex.Message}");
        }
    }

    // The trainer's options in GanKit's own JSON form (the one checkpoints hold), whatever the naming policy of run.json.
    private sealed class TrainerOptionsConverter : JsonConverter<GanTrainerOptions>
    {
        public override GanTrainerOptions Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return GanTrainerOptions.FromJson(document.RootElement.GetRawText());
        }

        public override void Write(Utf8JsonWriter writer, GanTrainerOptions value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.ToJson());
    }
}
