namespace GanKit.Training;

/// <summary>The parts of a training step a test can observe through the trainer's internal phase seam.</summary>
internal enum TrainerPhase
{
    /// <summary>A discriminator update was applied (one per unskipped critic step).</summary>
    DiscriminatorUpdate,

    /// <summary>The generator update was applied.</summary>
    GeneratorUpdate,
}
