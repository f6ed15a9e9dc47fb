using System.Globalization;
using GanKit.Cli.Hosting;
using GanKit.Losses;
using GanKit.Regularizers;
using GanKit.Training;

namespace GanKit.Cli.Runs;

/// <summary>Turns `gankit train`'s flags into the library's <see cref="GanTrainerOptions"/>; Build() validates them.</summary>
internal static class TrainerFlags
{
    public const string Losses = "ns | minimax | wgan-gp[:LAMBDA] | hinge | lsgan | rpgan";
    public const string Optimizers = "adam | adamw | sgd | rmsprop";
    public const string Schedules = "constant | linear | cosine";

    /// <summary>The CLI's names for the built-in losses (the library's JSON names them by type instead).</summary>
    public static GanLoss ParseLoss(string value)
    {
        var name = value.ToLowerInvariant();
        if (name.StartsWith("wgan-gp:", StringComparison.Ordinal))
        {
            if (!double.TryParse(name.AsSpan(8), NumberStyles.Float, CultureInfo.InvariantCulture, out var lambda))
                throw new UserErrorException($"--loss '{value}': the gradient-penalty weight after 'wgan-gp:' is not a number.");
            if (!(lambda >= 0) || double.IsInfinity(lambda))
                throw new UserErrorException($"--loss '{value}': the gradient-penalty weight must be zero or positive and finite.");
            return GanKit.Losses.GanLosses.WassersteinGp(lambda);
        }

        return name switch
        {
            "minimax" => GanKit.Losses.GanLosses.Minimax,
            "ns" or "non-saturating" => GanKit.Losses.GanLosses.NonSaturating,
            "hinge" => GanKit.Losses.GanLosses.Hinge,
            "lsgan" or "least-squares" => GanKit.Losses.GanLosses.LeastSquares,
            "wgan-gp" => GanKit.Losses.GanLosses.WassersteinGp(),
            "rpgan" or "relativistic-pairing" => GanKit.Losses.GanLosses.RelativisticPairing,
            _ => throw new UserErrorException($"--loss '{value}' is not one of: {Losses}."),
        };
    }

    /// <summary>
    /// One player's optimizer. Adam and AdamW use β2 = 0.9 and β1 = 0 for the hinge and WGAN-GP losses (SNGAN/WGAN-GP
    /// practice), else 0.5 (DCGAN).
    /// </summary>
    public static OptimizerSettings Optimizer(string name, double learningRate, GanLoss loss)
    {
        double beta1 = loss is HingeLoss or WassersteinGpLoss ? 0.0 : 0.5;
        return name.ToLowerInvariant() switch
        {
            "adam" => OptimizerSettings.Adam(learningRate, beta1, 0.9),
            "adamw" => OptimizerSettings.AdamW(learningRate, beta1, 0.9),
            "sgd" => OptimizerSettings.Sgd(learningRate, momentum: 0.9),
            "rmsprop" => OptimizerSettings.RmsProp(learningRate),
            _ => throw new UserErrorException($"--optimizer '{name}' is not one of: {Optimizers}."),
        };
    }

    /// <summary>A schedule over the whole run (to <paramref name="steps"/>), after an optional linear warm-up.</summary>
    public static LearningRateSchedule Schedule(string name, long steps, long warmup)
    {
        OptionParsing.AtLeast(warmup, 0, "--warmup");
        LearningRateSchedule schedule = name.ToLowerInvariant() switch
        {
            "constant" => LearningRateSchedule.Constant,
            "linear" => LearningRateSchedule.LinearDecay(warmup, Math.Max(steps, warmup + 1)),
            "cosine" => LearningRateSchedule.Cosine(warmup, Math.Max(steps, warmup + 1)),
            _ => throw new UserErrorException($"--lr-schedule '{name}' is not one of: {Schedules}."),
        };
        return warmup > 0 ? LearningRateSchedule.Warmup(warmup, schedule) : schedule;
    }

    /// <summary>Needs the discriminator to be free of batch norm: some regularizer is a per-sample gradient penalty.</summary>
    public static bool HasGradientPenalty(GanTrainerOptions options) =>
        options.Loss.RequiredRegularizers.Concat(options.Regularizers).Any(r => r is GradientPenalty);
}
