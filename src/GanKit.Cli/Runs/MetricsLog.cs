using System.Text.Json;
using GanKit.Training;

namespace GanKit.Cli.Runs;

/// <summary>Appends one JSON object per reported step to RUN_DIR/metrics.jsonl (flushed, so a crash loses at most a line).</summary>
internal sealed class MetricsLog : IDisposable
{
    public const string FileName = "metrics.jsonl";
    private readonly StreamWriter _writer;
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public MetricsLog(string runDirectory)
    {
        _writer = new StreamWriter(new FileStream(Path.Combine(runDirectory, FileName), FileMode.Append, FileAccess.Write, FileShare.Read));
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
