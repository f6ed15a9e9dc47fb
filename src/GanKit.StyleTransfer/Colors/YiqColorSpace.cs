using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Colors;

/// <summary>
/// Converts between RGB and YIQ (NTSC): Y is luminance with the BT.601 weights GanKit's grayscale uses,
/// I and Q carry the chroma. Luminance-only style transfer stylizes Y and keeps the content's I and Q.
/// </summary>
internal static class YiqColorSpace
{
    private static readonly double[,] RgbToYiqMatrix =
    {
        { 0.299, 0.587, 0.114 },
        { 0.595716, -0.274453, -0.321263 },
        { 0.211456, -0.522591, 0.311135 },
    };

    /// <summary>RGB <c>[...,3,H,W]</c> to YIQ <c>[...,3,H,W]</c> (channel 0 is Y in [0, 1]).</summary>
    /// <param name="rgb">RGB images with channels at dimension −3.</param>
    /// <returns>YIQ images of the same shape.</returns>
    public static Tensor FromRgb(Tensor rgb) => Transform(rgb, Matrix(rgb, inverse: false));

    /// <summary>YIQ <c>[...,3,H,W]</c> back to RGB, not clamped.</summary>
    /// <param name="yiq">YIQ images with channels at dimension −3.</param>
    /// <returns>RGB images of the same shape.</returns>
    public static Tensor ToRgb(Tensor yiq) => Transform(yiq, Matrix(yiq, inverse: true));

    /// <summary>The luminance Y <c>[...,1,H,W]</c> of RGB images.</summary>
    /// <param name="rgb">RGB images with channels at dimension −3.</param>
    /// <returns>The luminance, one channel.</returns>
    public static Tensor Luminance(Tensor rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        RequireThreeChannels(rgb);
        using var scope = NewDisposeScope();
        var weights = tensor(new[] { 0.299f, 0.587f, 0.114f }, device: rgb.device).to(rgb.dtype).view(3, 1, 1);
        return (rgb * weights).sum(-3, keepdim: true).MoveToOuterDisposeScope();
    }

    private static Tensor Matrix(Tensor like, bool inverse)
    {
        var m = tensor(RgbToYiqMatrix, ScalarType.Float64);
        if (inverse) m = linalg.inv(m);
        return m.to(like.dtype).to(like.device);
    }

    private static Tensor Transform(Tensor images, Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(images);
        RequireThreeChannels(images);
        using var scope = NewDisposeScope();
        // Channels last, multiply by the matrix, channels back.
        var moved = images.movedim([-3L], [-1L]);
        return matmul(moved, matrix.t()).movedim([-1L], [-3L]).contiguous().MoveToOuterDisposeScope();
    }

    private static void RequireThreeChannels(Tensor images)
    {
        if (images.dim() < 3 || images.shape[^3] != 3)
            throw new ArgumentException($"Expected RGB images [...,3,H,W]; got [{string.Join(",", images.shape)}].", nameof(images));
    }
}
