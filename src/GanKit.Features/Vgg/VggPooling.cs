namespace GanKit.Features;

/// <summary>The pooling between VGG blocks.</summary>
public enum VggPooling
{
    /// <summary>2×2 max pooling, as trained.</summary>
    Max,

    /// <summary>2×2 average pooling, which Gatys et al. found gives smoother style transfer results. Same weights.</summary>
    Average,
}
