namespace GanKit.Imaging;

/// <summary>How a batch of images is laid out as one grid image.</summary>
public sealed record ImageGridOptions
{
    /// <summary>Number of columns; when null, the smallest square that holds the batch (⌈√N⌉).</summary>
    public int? Columns { get; init; }

    /// <summary>Pixels between tiles and around the border. Default 2.</summary>
    public int Padding { get; init; } = 2;

    /// <summary>The value of padding pixels, in the images' range. Default: black in that range (0 or -1).</summary>
    public float? PadValue { get; init; }

    /// <summary>The value range of the images. Default [0, 1].</summary>
    public PixelRange Range { get; init; } = PixelRange.ZeroToOne;
}
