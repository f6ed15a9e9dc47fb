namespace GanKit.Training;

/// <summary>Adam settings for one player. Create with <see cref="Adam"/>.</summary>
/// <param name="LearningRate">The step size.</param>
/// <param name="Beta1">The first-moment decay (0.5 for DCGAN, 0 for SNGAN/BigGAN-style training).</param>
/// <param name="Beta2">The second-moment decay.</param>
/// <param name="WeightDecay">L2 weight decay (usually 0 for GANs).</param>
public sealed record OptimizerSettings(double LearningRate, double Beta1, double Beta2, double WeightDecay = 0)
{
    /// <summary>Adam with the given settings.</summary>
    /// <param name="learningRate">The step size, e.g. 2e-4.</param>
    /// <param name="beta1">The first-moment decay.</param>
    /// <param name="beta2">The second-moment decay.</param>
    /// <returns>The settings.</returns>
    public static OptimizerSettings Adam(double learningRate = 2e-4, double beta1 = 0.5, double beta2 = 0.999) =>
        new(learningRate, beta1, beta2);

    internal void Validate(Configuration.ValidationErrors errors, string player)
    {
        errors.RequirePositive(LearningRate, $"The {player} learning rate");
        errors.Require(Beta1 is >= 0 and < 1, $"The {player} Adam β1 must be in [0, 1); got {Beta1}.");
        errors.Require(Beta2 is >= 0 and < 1, $"The {player} Adam β2 must be in [0, 1); got {Beta2}.");
        errors.RequireNonNegative(WeightDecay, $"The {player} weight decay");
    }
}
