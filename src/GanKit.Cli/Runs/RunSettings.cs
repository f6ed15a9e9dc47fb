using System.Text.Json;
using GanKit.Cli.Cli;

namespace GanKit.Cli.Runs;

/// <summary>What `gankit train` was asked to do, saved as run.json so `--resume`, `sample` and `evaluate` agree with it.</summary>
internal sealed record RunSettings
{
    public const string FileName = "run.json";

    public required string Data { get; init; }
    public required string Model { get; init; }
    public required string Loss { get; init; }
    public required int Batch { get; init; }
    public required long Seed { get; init; }
    public bool Conditional { get; init; }
    public bool SpectralNorm { get; init; }
    public int Pack { get; init; } = 1;
    public double? Ema { get; init; }
    public double? R1 { get; init; }
    public double LrG { get; init; } = 2e-4;
    public double LrD { get; init; } = 2e-4;
    public int NCritic { get; init; } = 1;
    public int? ImageSize { get; init; }
    public int Latent { get; init; } = 100;
    public int Width { get; init; }
    public int CheckpointEvery { get; init; } = 500;

    // From the recipe (or flags overriding it); absent in run.json files written before recipes, which keep the old behaviour.
    public string? Recipe { get; init; }
    public double? R2 { get; init; }
    public int RegularizationInterval { get; init; } = 1;
    public string? Augment { get; init; }
    public bool Ada { get; init; }
    public double? EmaHalfLife { get; init; }
    /// <summary>Decay both learning rates linearly to 0 over this many steps (the --steps of the run's first command).</summary>
    public long? LrDecaySteps { get; init; }
    public bool GeneratorBatchNorm { get; init; }
    public bool DiscriminatorWithoutBatchNorm { get; init; }
    public double? Beta1 { get; init; }
    public double? Beta2 { get; init; }
    public int? GeneratorDepth { get; init; }
    public int? DiscriminatorDepth { get; init; }
    public int SampleEvery { get; init; } = 500;

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
}
