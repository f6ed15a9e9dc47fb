namespace GanKit.Imaging;

/// <summary>The value range of an image tensor.</summary>
public enum PixelRange
{
    /// <summary>0 is black and 1 is white (what image loaders return).</summary>
    ZeroToOne,

    /// <summary>-1 is black and 1 is white (what GAN generators with a tanh output produce).</summary>
    MinusOneToOne,
}
