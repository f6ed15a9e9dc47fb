using GanKit.Models;

namespace GanKit.Checkpoints;

/// <summary>What a checkpoint holds, read without loading any weights.</summary>
/// <param name="Path">The file.</param>
/// <param name="Step">The training step it was written at.</param>
/// <param name="Generator">The generator's specification.</param>
/// <param name="Discriminator">The discriminator's specification.</param>
/// <param name="Loss">The adversarial loss's name.</param>
/// <param name="HasEma">Whether it holds an EMA generator.</param>
/// <param name="CreatedUtc">When it was written.</param>
public sealed record CheckpointInfo(string Path, long Step, GeneratorSpec Generator, DiscriminatorSpec Discriminator, string Loss, bool HasEma, DateTimeOffset CreatedUtc);
