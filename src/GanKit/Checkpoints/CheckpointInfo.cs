using GanKit.Models;
using GanKit.Training;

namespace GanKit.Checkpoints;

/// <summary>What a checkpoint holds, read without loading any weights.</summary>
/// <param name="Path">The file.</param>
/// <param name="Step">The training step it was written at.</param>
/// <param name="Generator">The built-in generator's specification; null for a module of your own.</param>
/// <param name="Discriminator">The built-in discriminator's specification; null for a module of your own.</param>
/// <param name="Loss">The adversarial loss's name.</param>
/// <param name="HasEma">Whether it holds an EMA generator.</param>
/// <param name="CreatedUtc">When it was written.</param>
/// <param name="GeneratorDescriptor">What the generator maps from and to (built-in or your own).</param>
/// <param name="DiscriminatorDescriptor">What the discriminator scores (built-in or your own).</param>
/// <param name="Options">
/// The trainer's options the checkpoint was written with, equal to <see cref="GanTrainer.Options"/> at the time (losses,
/// regularizers and optimizers of your own appear by name only); null for a checkpoint written by a GanKit that stored
/// options as free text. Pass them to <see cref="GanTrainerBuilder.WithOptions"/> to continue the run with the same settings.
/// </param>
public sealed record CheckpointInfo(string Path, long Step, GeneratorSpec? Generator, DiscriminatorSpec? Discriminator, string Loss, bool HasEma,
    DateTimeOffset CreatedUtc, GeneratorDescriptor GeneratorDescriptor, DiscriminatorDescriptor DiscriminatorDescriptor, GanTrainerOptions? Options = null)
{
    /// <summary>Whether the generator is one of GanKit's built-in networks, so <see cref="Checkpoint.LoadGenerator(string, bool)"/> can rebuild it without a factory.</summary>
    public bool HasBuiltInGenerator => Generator is not null;
}
