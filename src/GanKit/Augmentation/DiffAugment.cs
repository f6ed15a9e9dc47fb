using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Augmentation;

/// <summary>
/// Differentiable Augmentation (Zhao et al., NeurIPS 2020): random colour (brightness, saturation, contrast),
/// translation by up to 1/8 of the image size with zero padding, and cutout of a square half the image size, drawn
/// independently per image. Every operation is differentiable with respect to the images, so the generator is trained
/// through it. Each operation is also available on its own (<see cref="Brightness"/>, <see cref="Saturation"/>,
/// <see cref="Contrast"/>, <see cref="Translation"/>, <see cref="Cutout"/>).
/// </summary>
public sealed class DiffAugment : IAugmentation
{
    /// <summary>Creates the augmentation with the chosen operations, applied in the order colour, translation, cutout.</summary>
    /// <param name="color">Random brightness, saturation and contrast.</param>
    /// <param name="translation">Random translation.</param>
    /// <param name="cutout">Random cutout.</param>
    /// <param name="translationRatio">The largest shift as a fraction of the image size (1/8 in the paper).</param>
    /// <param name="cutoutRatio">The cutout square's side as a fraction of the image size (1/2 in the paper).</param>
    public DiffAugment(bool color = true, bool translation = true, bool cutout = true, double translationRatio = 0.125, double cutoutRatio = 0.5)
    {
        if (!color && !translation && !cutout) throw new ArgumentException("Choose at least one of colour, translation and cutout.");
        if (!(translationRatio is >= 0 and <= 0.5)) throw new ArgumentOutOfRangeException(nameof(translationRatio), translationRatio, "The translation ratio must be in [0, 0.5].");
        if (!(cutoutRatio is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(cutoutRatio), cutoutRatio, "The cutout ratio must be in (0, 1].");
        Color = color;
        Translate = translation;
        Cut = cutout;
        TranslationRatio = translationRatio;
        CutoutRatio = cutoutRatio;
    }

    /// <summary>The paper's policy for unconditional and conditional image GANs: colour, translation and cutout.</summary>
    public static DiffAugment Default { get; } = new();

    /// <summary>Whether colour is on.</summary>
    public bool Color { get; }

    /// <summary>Whether translation is on.</summary>
    public bool Translate { get; }

    /// <summary>Whether cutout is on.</summary>
    public bool Cut { get; }

    /// <summary>The largest shift as a fraction of the image size.</summary>
    public double TranslationRatio { get; }

    /// <summary>The cutout square's side as a fraction of the image size.</summary>
    public double CutoutRatio { get; }

    /// <inheritdoc />
    public string Name => string.Join(",", new[] { Color ? "color" : null, Translate ? "translation" : null, Cut ? "cutout" : null }.OfType<string>());

    /// <summary>Parses a policy such as "color,translation,cutout" (the paper's names; "colour" is accepted too).</summary>
    /// <param name="policy">Comma-separated operations.</param>
    /// <returns>The augmentation.</returns>
    /// <exception cref="ArgumentException">An operation is unknown or none is given.</exception>
    public static DiffAugment Parse(string policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var parts = policy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.ToLowerInvariant()).ToArray();
        var unknown = parts.Where(p => p is not ("color" or "colour" or "translation" or "cutout")).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"Unknown DiffAugment operation(s) {string.Join(", ", unknown)}; use color, translation, cutout.", nameof(policy));
        return new DiffAugment(parts.Contains("color") || parts.Contains("colour"), parts.Contains("translation"), parts.Contains("cutout"));
    }

    /// <inheritdoc />
    public Tensor Apply(Tensor images, TorchSharp.torch.Generator random, double probability = 1.0)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(random);
        if (images.dim() != 4) throw new ArgumentException($"DiffAugment works on image batches [N, C, H, W]; got [{string.Join(",", images.shape)}].", nameof(images));
        if (!(probability is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "The probability must be in [0, 1].");
        using var scope = NewDisposeScope();
        var x = images;
        if (Color)
        {
            x = Maybe(x, Brightness(x, random), probability, random);
            x = Maybe(x, Saturation(x, random), probability, random);
            x = Maybe(x, Contrast(x, random), probability, random);
        }

        if (Translate) x = Maybe(x, Translation(x, random, TranslationRatio), probability, random);
        if (Cut) x = Maybe(x, Cutout(x, random, CutoutRatio), probability, random);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Adds one random offset in [−0.5, 0.5) per image to every pixel.</summary>
    /// <param name="images"><c>[N, C, H, W]</c>.</param>
    /// <param name="random">The random source.</param>
    /// <returns>The result.</returns>
    public static Tensor Brightness(Tensor images, TorchSharp.torch.Generator random)
    {
        using var scope = NewDisposeScope();
        return (images + (PerImage(images, random) - 0.5)).MoveToOuterDisposeScope();
    }

    /// <summary>Scales each pixel's deviation from its channel mean by a random factor in [0, 2) per image.</summary>
    /// <param name="images"><c>[N, C, H, W]</c>.</param>
    /// <param name="random">The random source.</param>
    /// <returns>The result.</returns>
    public static Tensor Saturation(Tensor images, TorchSharp.torch.Generator random)
    {
        using var scope = NewDisposeScope();
        var mean = images.mean([1], keepdim: true);
        return ((images - mean) * (PerImage(images, random) * 2) + mean).MoveToOuterDisposeScope();
    }

    /// <summary>Scales each image's deviation from its mean by a random factor in [0.5, 1.5).</summary>
    /// <param name="images"><c>[N, C, H, W]</c>.</param>
    /// <param name="random">The random source.</param>
    /// <returns>The result.</returns>
    public static Tensor Contrast(Tensor images, TorchSharp.torch.Generator random)
    {
        using var scope = NewDisposeScope();
        var mean = images.mean([1, 2, 3], keepdim: true);
        return ((images - mean) * (PerImage(images, random) + 0.5) + mean).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Shifts each image by a random whole number of pixels in [−s, s] along each axis, s = round(size · ratio); pixels
    /// shifted in from outside are zero.
    /// </summary>
    /// <param name="images"><c>[N, C, H, W]</c>.</param>
    /// <param name="random">The random source.</param>
    /// <param name="ratio">The largest shift as a fraction of the image size.</param>
    /// <returns>The result.</returns>
    public static Tensor Translation(Tensor images, TorchSharp.torch.Generator random, double ratio = 0.125)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0], h = images.shape[2], w = images.shape[3];
        long maxY = (long)(h * ratio + 0.5), maxX = (long)(w * ratio + 0.5);
        var shiftY = randint(-maxY, maxY + 1, [n, 1, 1], generator: random).to(images.device);
        var shiftX = randint(-maxX, maxX + 1, [n, 1, 1], generator: random).to(images.device);
        // Output pixel (i, j) reads input pixel (i − dy, j − dx); one ring of zero padding stands for everything outside.
        var rows = (arange(h, device: images.device).reshape(1, h, 1) - shiftY + 1).clamp(0, h + 1);
        var cols = (arange(w, device: images.device).reshape(1, 1, w) - shiftX + 1).clamp(0, w + 1);
        var padded = F.pad(images, [1, 1, 1, 1]).permute(0, 2, 3, 1);
        var batch = arange(n, device: images.device).reshape(n, 1, 1);
        var shifted = padded.index([TensorIndex.Tensor(batch), TensorIndex.Tensor(rows), TensorIndex.Tensor(cols)]);
        return shifted.permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Zeroes a square of side round(size · ratio) per image, centred at a random pixel (clipped at the borders).
    /// </summary>
    /// <param name="images"><c>[N, C, H, W]</c>.</param>
    /// <param name="random">The random source.</param>
    /// <param name="ratio">The square's side as a fraction of the image size.</param>
    /// <returns>The result.</returns>
    public static Tensor Cutout(Tensor images, TorchSharp.torch.Generator random, double ratio = 0.5)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0], h = images.shape[2], w = images.shape[3];
        long sizeY = (long)(h * ratio + 0.5), sizeX = (long)(w * ratio + 0.5);
        var top = randint(0, h + (1 - sizeY % 2), [n, 1, 1], generator: random).to(images.device) - sizeY / 2;
        var left = randint(0, w + (1 - sizeX % 2), [n, 1, 1], generator: random).to(images.device) - sizeX / 2;
        var rows = arange(h, device: images.device).reshape(1, h, 1);
        var cols = arange(w, device: images.device).reshape(1, 1, w);
        var inside = (rows >= top).logical_and(rows < top + sizeY).logical_and(cols >= left).logical_and(cols < left + sizeX);
        var keep = inside.logical_not().to(images.dtype).unsqueeze(1);
        return (images * keep).MoveToOuterDisposeScope();
    }

    private static Tensor PerImage(Tensor images, TorchSharp.torch.Generator random) =>
        rand([images.shape[0], 1, 1, 1], generator: random).to(images.dtype).to(images.device);

    // ADA's scheme: each operation applies to each image independently with probability p.
    private static Tensor Maybe(Tensor original, Tensor augmented, double probability, TorchSharp.torch.Generator random)
    {
        if (probability >= 1) return augmented;
        var apply = rand([original.shape[0], 1, 1, 1], generator: random).to(original.device) < probability;
        return where(apply, augmented, original);
    }
}
