using GanKit.Models;

namespace GanKit.Training;

// Progressive growing: the schedule is advanced before every step and written into the networks' growth buffers,
// which the EMA copies and checkpoints store; a resumed run recomputes the same level and α from its step.
public sealed partial class GanTrainer
{
    /// <summary>Where progressive growing stands for the next step, or null without a progressive schedule.</summary>
    public ProgressiveGrowth? Growth =>
        Options.Progressive is { } schedule ? schedule.At(Step * Options.BatchSize, Generator.OutputShape[^1]) : null;

    private void AdvanceGrowth(long step)
    {
        if (Options.Progressive is not { } schedule) return;
        var growth = schedule.At((step - 1) * Options.BatchSize, Generator.OutputShape[^1]);
        foreach (var network in new object?[] { Generator.Network, Discriminator.Network, Ema?.Average.Network })
            if (network is IProgressiveNetwork progressive) progressive.SetGrowth(growth.Level, growth.Alpha);
    }
}
