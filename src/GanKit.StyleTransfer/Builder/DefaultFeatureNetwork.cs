using GanKit.Features;

namespace GanKit.StyleTransfer;

/// <summary>The feature network a stylizer uses when none is given: ResNet18 from the ML.NET package, never downloaded.</summary>
internal static class DefaultFeatureNetwork
{
    public static IFeatureNetwork Create() => PretrainedFeatureNetworks.ResNet18();
}
