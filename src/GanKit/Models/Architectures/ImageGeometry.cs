namespace GanKit.Models.Architectures;

/// <summary>
/// Which image sizes the convolutional families can produce: square powers of two from 16 to 128 (starting from a
/// 4×4 feature map) and 28×28 (starting from 7×7, for MNIST-style data). Each stage doubles or halves the size.
/// </summary>
internal static class ImageGeometry
{
    public static readonly int[] SupportedSizes = [16, 28, 32, 64, 128];

    public static bool IsSupported(IReadOnlyList<long> shape) =>
        shape.Count == 3 && shape[1] == shape[2] && SupportedSizes.Contains((int)shape[1]) && shape[0] >= 1;

    public static int StartSize(long size) => size == 28 ? 7 : 4;

    public static int Stages(long size) => (int)Math.Round(Math.Log2((double)size / StartSize(size)));

    public static string Describe() => "square images of 16, 28, 32, 64 or 128 pixels";
}
