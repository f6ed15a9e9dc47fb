using System.Globalization;
using GanKit.Configuration;

namespace GanKit.Training;

/// <summary>
/// The schedule of progressive growing (Karras et al. 2018), as plain data: training starts at
/// <see cref="StartSize"/>, which is trained for <see cref="StableImages"/> images; then each next size is faded in over
/// <see cref="FadeImages"/> images (α rising linearly from 0 to 1) and trained for <see cref="StableImages"/> more,
/// until the full size, which is kept for the rest of training. Images are counted as steps × batch size, so the
/// level and α are a function of the step and a resumed run continues the fade exactly where it stopped.
/// </summary>
/// <param name="StartSize">The first size (a power of two from 4 up to the model's size).</param>
/// <param name="StableImages">Real images shown per size once it is fully faded in (at least 1).</param>
/// <param name="FadeImages">Real images over which each new size is faded in (0 = switch at once).</param>
public sealed record ProgressiveSchedule(int StartSize, long StableImages, long FadeImages)
{
    /// <summary>Where the schedule stands after <paramref name="images"/> real images, for a model of <paramref name="fullSize"/> pixels.</summary>
    /// <param name="images">Images shown so far (steps × batch size).</param>
    /// <param name="fullSize">The model's size (a power of two).</param>
    /// <returns>The level, α and size.</returns>
    public ProgressiveGrowth At(long images, long fullSize)
    {
        int maxLevel = Level(fullSize), start = Math.Min(Level(StartSize), maxLevel);
        if (images < StableImages || start == maxLevel) return new ProgressiveGrowth(start, 1.0, 4L << start);
        long period = FadeImages + StableImages, since = images - StableImages;
        long grown = since / period, within = since % period;
        if (start + 1 + grown > maxLevel) return new ProgressiveGrowth(maxLevel, 1.0, 4L << maxLevel);
        int level = start + 1 + (int)grown;
        double alpha = within < FadeImages ? (double)within / FadeImages : 1.0;
        return new ProgressiveGrowth(level, alpha, 4L << level);
    }

    /// <summary>The images after which the full size is fully faded in.</summary>
    /// <param name="fullSize">The model's size.</param>
    /// <returns>The number of images.</returns>
    public long ImagesToFullSize(long fullSize)
    {
        int levels = Level(fullSize) - Math.Min(Level(StartSize), Level(fullSize));
        return levels == 0 ? 0 : StableImages + (levels - 1) * (FadeImages + StableImages) + FadeImages;
    }

    /// <summary>Checks the schedule against a model size.</summary>
    /// <param name="fullSize">The model's size.</param>
    /// <param name="errors">Where problems are added.</param>
    internal void Validate(long fullSize, ValidationErrors errors)
    {
        errors.Require(StartSize >= 4 && (StartSize & (StartSize - 1)) == 0 && StartSize <= fullSize,
            $"The progressive start size must be a power of two from 4 to the model's size {fullSize}; got {StartSize}.");
        errors.Require(StableImages >= 1, $"The progressive schedule needs at least 1 image per stable phase; got {StableImages}.");
        errors.Require(FadeImages >= 0, $"The progressive fade-in length must be zero or more images; got {FadeImages}.");
    }

    /// <summary>
    /// Parses <c>start=8,stable=20000,fade=20000</c> (keys in any order; <c>start</c> defaults to 4 and <c>fade</c> to
    /// <c>stable</c>), or the short form <c>STABLE[:FADE[:START]]</c>, e.g. <c>20000:20000:8</c>.
    /// </summary>
    /// <param name="text">The schedule.</param>
    /// <returns>The schedule (not yet validated against a model).</returns>
    /// <exception cref="FormatException">The text is not a schedule.</exception>
    public static ProgressiveSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        long? stable = null, fade = null;
        int start = 4;
        static long Number(string s, string what) =>
            long.TryParse(s.Trim().Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out long v)
                ? v : throw new FormatException($"The progressive schedule's {what} '{s}' is not a whole number.");
        if (text.Contains('=', StringComparison.Ordinal))
        {
            foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
                if (kv.Length != 2) throw new FormatException($"'{part}' is not key=value in the progressive schedule '{text}'.");
                switch (kv[0].ToLowerInvariant())
                {
                    case "stable": stable = Number(kv[1], "stable"); break;
                    case "fade": fade = Number(kv[1], "fade"); break;
                    case "start": start = checked((int)Number(kv[1], "start")); break;
                    default: throw new FormatException($"Unknown key '{kv[0]}' in the progressive schedule '{text}' (use start, stable, fade).");
                }
            }
        }
        else
        {
            var parts = text.Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length is < 1 or > 3) throw new FormatException($"'{text}' is not STABLE[:FADE[:START]].");
            stable = Number(parts[0], "stable");
            if (parts.Length > 1) fade = Number(parts[1], "fade");
            if (parts.Length > 2) start = checked((int)Number(parts[2], "start"));
        }

        if (stable is null) throw new FormatException($"The progressive schedule '{text}' has no stable length.");
        return new ProgressiveSchedule(start, stable.Value, fade ?? stable.Value);
    }

    /// <inheritdoc />
    public override string ToString() => $"start={StartSize},stable={StableImages},fade={FadeImages}";

    private static int Level(long size) => (int)Math.Round(Math.Log2(size / 4.0));
}

/// <summary>Where progressive growing stands.</summary>
/// <param name="Level">The active level: the networks work at 4·2^Level pixels.</param>
/// <param name="Alpha">The fade-in α of that level (1 = fully faded in).</param>
/// <param name="Size">4·2^Level.</param>
public readonly record struct ProgressiveGrowth(int Level, double Alpha, long Size)
{
    /// <summary>Whether the level is being faded in.</summary>
    public bool IsFading => Alpha < 1;

    /// <inheritdoc />
    public override string ToString() =>
        IsFading ? $"{Size}px fade-in α={Alpha.ToString("0.00", CultureInfo.InvariantCulture)}" : $"{Size}px";
}
