namespace GanKit.Models.Architectures;

/// <summary>
/// Sizes and widths of the high-resolution families (MSG-GAN, progressive): square powers of two from 16 to 256, built
/// from 4×4 by doublings. The width at the finest scale is the base width; it doubles at every halving of the size, up
/// to eight times the base (ProGAN caps at 512 channels the same way).
/// </summary>
internal static class HighResolutionGeometry
{
    public static readonly int[] SupportedSizes = [16, 32, 64, 128, 256];

    public static bool IsSupported(IReadOnlyList<long> shape) =>
        shape.Count == 3 && shape[1] == shape[2] && SupportedSizes.Contains((int)shape[1]) && shape[0] >= 1;

    public static string Describe() => "square images of 16, 32, 64, 128 or 256 pixels";

    /// <summary>The finest level L: the size is 4·2^L.</summary>
    public static int MaxLevel(long size) => (int)Math.Round(Math.Log2(size / 4.0));

    /// <summary>Channels at level i (resolution 4·2^i) of a network of the given size and base width.</summary>
    public static long Channels(int level, long size, int width) => Math.Min((long)width << (MaxLevel(size) - level), (long)width * 8);
}

/// <summary>Weight layers of the high-resolution families, with or without equalized learning rate or spectral norm.</summary>
internal static class HighResolutionLayers
{
    public static TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Conv(
        long inChannels, long outChannels, long kernel, bool equalized, bool spectralNorm = false) =>
        equalized
            ? new Layers.EqualizedConv2d(inChannels, outChannels, kernel, kernel / 2)
            : LayerFactory.Conv(inChannels, outChannels, kernel, 1, kernel / 2, spectralNorm);

    public static TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Linear(long inputs, long outputs, bool equalized) =>
        equalized ? new Layers.EqualizedLinear(inputs, outputs) : LayerFactory.Linear(inputs, outputs, false);
}
