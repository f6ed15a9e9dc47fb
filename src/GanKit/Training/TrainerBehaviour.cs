using GanKit.Losses;
using GanKit.Regularizers;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace GanKit.Training;

/// <summary>What a trainer is given besides its data options: instances, services and callbacks, resolved by the builder.</summary>
/// <param name="Loss">The loss to run (the options' built-in one, or the user's instance its <see cref="CustomLoss"/> names).</param>
/// <param name="Regularizers">Every regularizer that runs: the loss's own, then the configured ones.</param>
/// <param name="OptimizerFactories">The user's optimizer factories by name.</param>
/// <param name="LoggerFactory">Where the logs go.</param>
/// <param name="Device">The device to train on; null = where the generator already is.</param>
/// <param name="Callbacks">Callbacks run on the training thread every N steps.</param>
/// <param name="Augmentation">The augmentation of D's inputs built from the options' <see cref="GanTrainerOptions.Augmentation"/> (or the user's instance it names), or null.</param>
internal sealed record TrainerBehaviour(
    IGanLoss Loss,
    IReadOnlyList<IDiscriminatorRegularizer> Regularizers,
    IReadOnlyDictionary<string, OptimizerFactory> OptimizerFactories,
    ILoggerFactory LoggerFactory,
    Device? Device,
    IReadOnlyList<TrainingCallback> Callbacks,
    GanKit.Augmentation.IAugmentation? Augmentation = null);

/// <summary>A callback run on the training thread every <paramref name="Every"/> steps.</summary>
/// <param name="Every">The interval in steps.</param>
/// <param name="Action">What to run; it receives the trainer and the step's progress.</param>
internal sealed record TrainingCallback(int Every, Action<GanTrainer, TrainingProgress> Action);
