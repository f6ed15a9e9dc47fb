namespace GanKit.TensorBoard;

/// <summary>The tags <see cref="TensorBoardLogger"/> writes; slashes group them into TensorBoard sections.</summary>
public static class TensorBoardTags
{
    /// <summary>D's adversarial loss (without penalties).</summary>
    public const string DiscriminatorLoss = "loss/discriminator";

    /// <summary>G's loss.</summary>
    public const string GeneratorLoss = "loss/generator";

    /// <summary>The sum of D's regularizers (gradient penalty, R1); 0 when none ran at that step.</summary>
    public const string Penalty = "loss/penalty";

    /// <summary>Mean raw D output on real samples.</summary>
    public const string RealScore = "discriminator/real_score";

    /// <summary>Mean raw D output on generated samples.</summary>
    public const string FakeScore = "discriminator/fake_score";

    /// <summary>1 when the balance rule skipped D's update at that step, else 0 (only with a loss floor).</summary>
    public const string DiscriminatorSkipped = "discriminator/skipped";

    /// <summary>G's current learning rate.</summary>
    public const string GeneratorLearningRate = "learning_rate/generator";

    /// <summary>D's current learning rate.</summary>
    public const string DiscriminatorLearningRate = "learning_rate/discriminator";

    /// <summary>Generator steps per second over the recent steps.</summary>
    public const string StepsPerSecond = "throughput/steps_per_second";

    /// <summary>Real samples D sees per second (steps/s × batch size × critic steps).</summary>
    public const string SamplesPerSecond = "throughput/real_samples_per_second";

    /// <summary>The grid of generated samples (a scatter plot for 2D points; nothing for other vector shapes).</summary>
    public const string Samples = "samples";

    /// <summary>The prefix of evaluation metrics, e.g. "eval/fid".</summary>
    public const string EvaluationPrefix = "eval/";
}
