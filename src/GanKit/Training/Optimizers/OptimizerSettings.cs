using System.Text.Json.Serialization;
using GanKit.Configuration;
using TorchSharp.Modules;

namespace GanKit.Training;

/// <summary>
/// One player's optimizer, as plain data: <see cref="Adam"/>, <see cref="AdamW"/>, <see cref="Sgd"/>,
/// <see cref="RmsProp"/>, or <see cref="Custom"/> for an optimizer your own factory creates. Written into checkpoints
/// as JSON (the <c>type</c> property names the kind); the optimizer's state (moments, momentum buffers) is checkpointed
/// too, so a resumed run continues exactly.
/// </summary>
/// <param name="LearningRate">The base step size; a <see cref="LearningRateSchedule"/> scales it per step.</param>
// A new kind of optimizer is one more [JsonDerivedType] line here (the discriminator is its stable JSON name).
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(AdamSettings), "adam")]
[JsonDerivedType(typeof(AdamWSettings), "adamw")]
[JsonDerivedType(typeof(SgdSettings), "sgd")]
[JsonDerivedType(typeof(RmsPropSettings), "rmsprop")]
[JsonDerivedType(typeof(CustomOptimizerSettings), "custom")]
public abstract record OptimizerSettings(double LearningRate)
{
    /// <summary>A short name for messages, e.g. "Adam".</summary>
    [JsonIgnore]
    public abstract string Kind { get; }

    /// <summary>Adam (Kingma &amp; Ba 2015); DCGAN's choice. L2 weight decay is added to the gradient.</summary>
    /// <param name="learningRate">The step size, e.g. 2e-4.</param>
    /// <param name="beta1">The first-moment decay (0.5 for DCGAN, 0 for SNGAN/BigGAN-style training).</param>
    /// <param name="beta2">The second-moment decay.</param>
    /// <param name="weightDecay">L2 weight decay (usually 0 for GANs).</param>
    /// <returns>The options.</returns>
    public static AdamSettings Adam(double learningRate = 2e-4, double beta1 = 0.5, double beta2 = 0.999, double weightDecay = 0) =>
        new(learningRate, beta1, beta2, weightDecay);

    /// <summary>AdamW (Loshchilov &amp; Hutter 2019): Adam with decoupled weight decay.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="beta1">The first-moment decay.</param>
    /// <param name="beta2">The second-moment decay.</param>
    /// <param name="weightDecay">The decoupled weight decay (PyTorch's default 0.01).</param>
    /// <returns>The options.</returns>
    public static AdamWSettings AdamW(double learningRate = 2e-4, double beta1 = 0.5, double beta2 = 0.999, double weightDecay = 0.01) =>
        new(learningRate, beta1, beta2, weightDecay);

    /// <summary>Stochastic gradient descent with (optionally Nesterov) momentum.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="momentum">The momentum factor (0 = plain SGD).</param>
    /// <param name="nesterov">Nesterov momentum (needs momentum &gt; 0).</param>
    /// <param name="weightDecay">L2 weight decay.</param>
    /// <returns>The options.</returns>
    public static SgdSettings Sgd(double learningRate, double momentum = 0.9, bool nesterov = false, double weightDecay = 0) =>
        new(learningRate, momentum, nesterov, weightDecay);

    /// <summary>RMSprop; the original WGAN (Arjovsky et al. 2017) used it with learning rate 5e-5.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="alpha">The smoothing constant of the squared-gradient average.</param>
    /// <param name="momentum">The momentum factor.</param>
    /// <param name="weightDecay">L2 weight decay.</param>
    /// <returns>The options.</returns>
    public static RmsPropSettings RmsProp(double learningRate = 5e-5, double alpha = 0.99, double momentum = 0, double weightDecay = 0) =>
        new(learningRate, alpha, momentum, weightDecay);

    /// <summary>
    /// An optimizer created by a factory of your own, registered under <paramref name="name"/> with
    /// <see cref="GanTrainerBuilder.WithOptimizerFactory"/>. Only the name and the learning rate are data; resuming needs
    /// the same factory registered under the same name.
    /// </summary>
    /// <param name="name">The name the factory is registered under.</param>
    /// <param name="learningRate">The base learning rate (the schedule scales it in every parameter group).</param>
    /// <returns>The options.</returns>
    public static CustomOptimizerSettings Custom(string name, double learningRate) => new(name, learningRate);

    internal virtual void Validate(ValidationErrors errors, string player) =>
        errors.RequirePositive(LearningRate, $"The {player} learning rate");

    internal abstract OptimizerHelper Create(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, OptimizerFactory> factories);

    private protected static void RequireBeta(ValidationErrors errors, double beta, string what, string player) =>
        errors.Require(beta is >= 0 and < 1, $"The {player} {what} must be in [0, 1); got {beta}.");
}

/// <summary>Creates an optimizer of your own over one player's parameters; register it with <see cref="GanTrainerBuilder.WithOptimizerFactory"/>.</summary>
/// <param name="parameters">The player's parameters.</param>
/// <param name="options">The options naming this factory, with the base learning rate.</param>
/// <returns>
/// A new optimizer. It must derive from TorchSharp's <see cref="OptimizerHelper"/> (as every TorchSharp optimizer does), whose
/// state dictionary the trainer writes into checkpoints and reads back on resume.
/// </returns>
public delegate OptimizerHelper OptimizerFactory(IEnumerable<Parameter> parameters, CustomOptimizerSettings options);
