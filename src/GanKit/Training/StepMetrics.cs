namespace GanKit.Training;

/// <summary>What one training step measured. Kept for every step in <see cref="TrainingResult.History"/> and checkpoints.</summary>
/// <param name="Step">The step number (1-based: the first step is 1).</param>
/// <param name="DiscriminatorLoss">D's adversarial loss (without penalties), from the last critic step.</param>
/// <param name="GeneratorLoss">G's loss.</param>
/// <param name="RealScore">Mean raw D output on real samples (for cross-entropy losses, a logit: D(x) = σ of it).</param>
/// <param name="FakeScore">Mean raw D output on generated samples.</param>
/// <param name="Penalty">The sum of the discriminator regularizers (gradient penalty, R1); 0 when none ran.</param>
/// <param name="DiscriminatorSkipped">Whether the balance rule skipped D's update in this step.</param>
public readonly record struct StepMetrics(long Step, double DiscriminatorLoss, double GeneratorLoss, double RealScore, double FakeScore, double Penalty, bool DiscriminatorSkipped);
