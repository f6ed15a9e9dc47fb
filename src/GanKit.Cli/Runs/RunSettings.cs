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
    public int SampleEvery { get; init; } = 500;

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
}
