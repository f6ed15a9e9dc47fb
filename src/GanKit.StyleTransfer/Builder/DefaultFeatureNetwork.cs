using GanKit.Features;

namespace GanKit.StyleTransfer;

/// <summary>The feature network a stylizer uses when none is given.</summary>
internal static class DefaultFeatureNetwork
{
    public static IFeatureNetwork? Create() => null;
}
