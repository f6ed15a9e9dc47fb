namespace GanKit.Imaging;

/// <summary>How many channels a loaded image gets.</summary>
public enum ImageColorMode
{
    /// <summary>Three channels, red, green, blue. Grayscale sources are repeated into each channel.</summary>
    Rgb,

    /// <summary>One channel of luminance (ITU-R BT.601 weights: 0.299 R + 0.587 G + 0.114 B).</summary>
    Grayscale,

    /// <summary>One channel for grayscale sources, three for everything else.</summary>
    Auto,
}
