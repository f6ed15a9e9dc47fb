using GanKit.Imaging;
using static TorchSharp.torch;

namespace GanKit.Cli.Demo;

/// <summary>The demo's content photograph, embedded in the tool (see Assets/ATTRIBUTION.md).</summary>
internal static class DemoAssets
{
    public static Tensor LoadContent()
    {
        using var stream = typeof(DemoAssets).Assembly.GetManifestResourceStream("GanKit.Cli.Assets.chelsea.png")
                           ?? throw new InvalidOperationException("The embedded demo photograph is missing from the build.");
        return ImageReader.Load(stream, "chelsea.png");
    }
}
