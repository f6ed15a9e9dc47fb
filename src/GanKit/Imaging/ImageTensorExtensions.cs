using static TorchSharp.torch;

namespace GanKit.Imaging;

/// <summary>Convenience methods on image tensors.</summary>
public static class ImageTensorExtensions
{
    /// <summary>Saves the tensor as a PNG; see <see cref="ImageWriter.SavePng"/>.</summary>
    /// <param name="image"><c>[C,H,W]</c> or <c>[N,C,H,W]</c>.</param>
    /// <param name="path">The output file.</param>
    /// <param name="range">The value range of the tensor.</param>
    public static void SavePng(this Tensor image, string path, PixelRange range = PixelRange.ZeroToOne) =>
        ImageWriter.SavePng(image, path, range);
}
