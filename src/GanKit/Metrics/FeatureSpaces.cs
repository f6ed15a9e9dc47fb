using GanKit.Features;

namespace GanKit.Metrics;

/// <summary>Creates the feature spaces that image metrics compare samples in.</summary>
public static class FeatureSpaces
{
    /// <summary>The default image size pretrained networks see: 28×28 images are upsampled to 64×64 (ResNet18's stage 4 is then 2×2).</summary>
    public const int DefaultImageSize = 64;

    /// <summary>
    /// Pooled features of a pretrained network such as <c>PretrainedFeatureNetworks.ResNet18()</c>: images in [-1, 1] are mapped to [0, 1],
    /// grayscale is repeated to RGB, and every image is resized bilinearly to <paramref name="imageSize"/>².
    /// </summary>
    /// <param name="network">The network (its <see cref="IFeatureNetwork.ExtractPooled"/> gives the features).</param>
    /// <param name="imageSize">The side images are resized to.</param>
    /// <param name="ownsNetwork">Dispose the network with the feature space.</param>
    /// <returns>The feature space.</returns>
    public static IFeatureSpace Pretrained(IFeatureNetwork network, int imageSize = DefaultImageSize, bool ownsNetwork = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (imageSize < 1) throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "The image size must be at least 1.");
        return new PretrainedFeatureSpace(network, imageSize, ownsNetwork);
    }

    /// <summary>The samples themselves, flattened (for vector data such as 2D points, and for tests).</summary>
    /// <param name="dimension">Values per sample.</param>
    /// <returns>The feature space.</returns>
    public static IFeatureSpace Identity(int dimension)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be at least 1.");
        return new IdentityFeatureSpace(dimension);
    }
}
