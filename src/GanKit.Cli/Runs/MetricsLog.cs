using System.Text.Json;
using GanKit.Training;

namespace GanKit.Cli.Runs;

/// <summary>Appends one JSON object per reported step to RUN_DIR/metrics.jsonl (flushed, so a crash loses at most a line).</summary>
internal sealed class MetricsLog : IDisposable
{
    public const string FileName = "metrics.jsonl";
    private readonly StreamWriter _writer;
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Opens the run's log to continue after <paramref name="resumedStep"/> (0 for a fresh run).</summary>
    /// <remarks>
    /// Lines of steps after the checkpoint a run resumes from were written by the interrupted run; the resumed run
    /// writes those steps again, so they are dropped first and every step appears once.
    /// </remarks>
    public MetricsLog(string runDirectory, long resumedStep)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (File.Exists(path)) KeepThrough(path, resumedStep);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
    }

    private static void KeepThrough(string path, long step)
    {
        var kept = File.ReadLines(path).Where(line => StepOf(line) is { } s && s <= step).ToList();
        // Written beside and moved over, so a kill here leaves the old log or the new one, never half of one.
        var temporary = path + ".tmp";
        File.WriteAllLines(temporary, kept);
        File.Move(temporary, path, overwrite: true);
    }

    // A line cut short by a kill, or one without a step, belongs to no step and is dropped.
    private static long? StepOf(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("step", out var s) && s.TryGetInt64(out var step)
                ? step
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(TrainingProgress p)
    {
        var m = p.Metrics;
        _writer.WriteLine(JsonSerializer.Serialize(new
        {
            step = p.Step,
            dLoss = m.DiscriminatorLoss,
            gLoss = m.GeneratorLoss,
            dReal = m.RealScore,
            dFake = m.FakeScore,
            penalty = m.Penalty,
            dSkipped = m.DiscriminatorSkipped,
            stepsPerSecond = p.StepsPerSecond,
            time = DateTimeOffset.UtcNow,
        }, Json));
        _writer.Flush();
    }

    public void WriteEvent(object evaluation)
    {
        _writer.WriteLine(JsonSerializer.Serialize(evaluation, Json));
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
