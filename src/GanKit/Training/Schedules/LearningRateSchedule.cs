using System.Text.Json.Serialization;
using GanKit.Configuration;

namespace GanKit.Training;

/// <summary>
/// How both players' learning rates change over training, as plain data: before generator step <c>s</c> (1-based) each
/// optimizer's rate is set to its base rate × <see cref="FactorAt"/>(s). The factor depends on the step alone, so a run
/// resumed from a checkpoint (mid-warm-up or mid-decay included) continues with exactly the rates it would have had.
/// </summary>
// A new schedule is one more [JsonDerivedType] line here (the discriminator is its stable JSON name).
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ConstantSchedule), "constant")]
[JsonDerivedType(typeof(LinearDecaySchedule), "linear")]
[JsonDerivedType(typeof(CosineSchedule), "cosine")]
[JsonDerivedType(typeof(WarmupSchedule), "warmup")]
public abstract record LearningRateSchedule
{
    private protected LearningRateSchedule()
    {
    }

    /// <summary>The base rates throughout (the default).</summary>
    public static ConstantSchedule Constant { get; } = new();

    /// <summary>Linear decay from the base rate at <paramref name="fromStep"/> to <paramref name="finalFactor"/> × base at <paramref name="toStep"/>, constant outside.</summary>
    /// <param name="fromStep">The step decay starts at.</param>
    /// <param name="toStep">The step decay ends at.</param>
    /// <param name="finalFactor">The fraction of the base rate reached at <paramref name="toStep"/>.</param>
    /// <returns>The schedule.</returns>
    public static LinearDecaySchedule LinearDecay(long fromStep, long toStep, double finalFactor = 0) => new(fromStep, toStep, finalFactor);

    /// <summary>Cosine annealing (Loshchilov &amp; Hutter 2017, without restarts) from the base rate at <paramref name="fromStep"/> to <paramref name="finalFactor"/> × base at <paramref name="toStep"/>.</summary>
    /// <param name="fromStep">The step annealing starts at.</param>
    /// <param name="toStep">The step annealing ends at.</param>
    /// <param name="finalFactor">The fraction of the base rate reached at <paramref name="toStep"/>.</param>
    /// <returns>The schedule.</returns>
    public static CosineSchedule Cosine(long fromStep, long toStep, double finalFactor = 0) => new(fromStep, toStep, finalFactor);

    /// <summary>Linear warm-up over the first <paramref name="steps"/> steps, multiplied with <paramref name="then"/> (e.g. a cosine decay starting at <paramref name="steps"/>).</summary>
    /// <param name="steps">The warm-up length W: step s ≤ W uses factor start + (1 − start)·s/W.</param>
    /// <param name="then">The schedule the warm-up multiplies (its steps count from the start of training); null = constant.</param>
    /// <param name="startFactor">The factor warm-up starts from (at step 0).</param>
    /// <returns>The schedule.</returns>
    public static WarmupSchedule Warmup(long steps, LearningRateSchedule? then = null, double startFactor = 0) => new(steps, then ?? Constant, startFactor);

    /// <summary>The factor applied to the base learning rates before generator step <paramref name="step"/>.</summary>
    /// <param name="step">The 1-based step about to run.</param>
    /// <returns>The factor, in [0, 1] for the built-in schedules.</returns>
    public abstract double FactorAt(long step);

    internal abstract void Validate(ValidationErrors errors);
}

/// <summary>The base learning rates throughout; use <see cref="LearningRateSchedule.Constant"/>.</summary>
public sealed record ConstantSchedule : LearningRateSchedule
{
    /// <inheritdoc />
    public override double FactorAt(long step) => 1;

    internal override void Validate(ValidationErrors errors)
    {
    }
}

/// <summary>Linear decay; create with <see cref="LearningRateSchedule.LinearDecay"/>.</summary>
/// <param name="FromStep">The step decay starts at.</param>
/// <param name="ToStep">The step decay ends at.</param>
/// <param name="FinalFactor">The fraction of the base rate reached at <see cref="ToStep"/>.</param>
public sealed record LinearDecaySchedule(long FromStep, long ToStep, double FinalFactor = 0) : LearningRateSchedule
{
    /// <inheritdoc />
    public override double FactorAt(long step) => 1 - DecaySpan.Progress(step, FromStep, ToStep) * (1 - FinalFactor);

    internal override void Validate(ValidationErrors errors) => DecaySpan.Validate(errors, "Linear learning-rate decay", FromStep, ToStep, FinalFactor);
}

/// <summary>Cosine annealing; create with <see cref="LearningRateSchedule.Cosine"/>.</summary>
/// <param name="FromStep">The step annealing starts at.</param>
/// <param name="ToStep">The step annealing ends at.</param>
/// <param name="FinalFactor">The fraction of the base rate reached at <see cref="ToStep"/>.</param>
public sealed record CosineSchedule(long FromStep, long ToStep, double FinalFactor = 0) : LearningRateSchedule
{
    /// <inheritdoc />
    public override double FactorAt(long step) =>
        FinalFactor + (1 - FinalFactor) * 0.5 * (1 + Math.Cos(Math.PI * DecaySpan.Progress(step, FromStep, ToStep)));

    internal override void Validate(ValidationErrors errors) => DecaySpan.Validate(errors, "Cosine learning-rate decay", FromStep, ToStep, FinalFactor);
}

/// <summary>Linear warm-up multiplied with another schedule; create with <see cref="LearningRateSchedule.Warmup"/>.</summary>
/// <param name="Steps">The warm-up length W.</param>
/// <param name="Then">The schedule the warm-up multiplies.</param>
/// <param name="StartFactor">The factor warm-up starts from (at step 0).</param>
public sealed record WarmupSchedule(long Steps, LearningRateSchedule Then, double StartFactor = 0) : LearningRateSchedule
{
    /// <inheritdoc />
    public override double FactorAt(long step) =>
        (step >= Steps ? 1 : StartFactor + (1 - StartFactor) * Math.Max(0, step) / Steps) * Then.FactorAt(step);

    internal override void Validate(ValidationErrors errors)
    {
        errors.Require(Steps >= 1, $"A learning-rate warm-up needs at least 1 step; got {Steps}.");
        errors.Require(StartFactor is >= 0 and <= 1, $"The warm-up start factor must be in [0, 1]; got {StartFactor}.");
        if (Then is null) errors.Add("The warm-up has no schedule to continue with; use LearningRateSchedule.Constant.");
        else Then.Validate(errors);
    }
}

internal static class DecaySpan
{
    public static double Progress(long step, long from, long to) => Math.Clamp((double)(step - from) / (to - from), 0, 1);

    public static void Validate(ValidationErrors errors, string what, long from, long to, double finalFactor)
    {
        errors.Require(from >= 0 && to > from, $"{what} needs 0 ≤ from < to; got {from} to {to}.");
        errors.Require(finalFactor is >= 0 and <= 1, $"The final learning-rate factor must be in [0, 1]; got {finalFactor}.");
    }
}
