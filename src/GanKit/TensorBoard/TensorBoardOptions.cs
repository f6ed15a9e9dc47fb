namespace GanKit.TensorBoard;

/// <summary>What a <see cref="TensorBoardLogger"/> writes and how often. Plain data; validated by the logger's constructor.</summary>
public sealed record TensorBoardOptions
{
    /// <summary>Write the step's losses, scores, penalty, learning rates and throughput every this many steps. Default 10.</summary>
    public int ScalarInterval { get; init; } = 10;

    /// <summary>Write a grid of samples every this many steps; 0 = never. Default 500.</summary>
    public int ImageInterval { get; init; } = 500;

    /// <summary>How many samples the grid shows (2D points: how many are plotted). Default 64.</summary>
    public int ImageCount { get; init; } = 64;

    /// <summary>The seed of the grid's latents; the same latents at every step show how the generator changes. Default 0.</summary>
    public long ImageSeed { get; init; }

    /// <summary>The grid's columns; null = as square as possible.</summary>
    public int? ImageColumns { get; init; }
}
