namespace GanKit.Checkpoints;

/// <summary>The section names of a training checkpoint.</summary>
internal static class CheckpointSections
{
    public const string Metadata = "meta";
    public const string Generator = "generator";
    public const string Discriminator = "discriminator";
    public const string Ema = "ema";
    public const string GeneratorOptimizer = "optimizer.g";
    public const string DiscriminatorOptimizer = "optimizer.d";
    public const string Random = "rng";
    public const string History = "history";
}
