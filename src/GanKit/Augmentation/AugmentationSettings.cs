using GanKit.Configuration;

namespace GanKit.Augmentation;

/// <summary>
/// The augmentation of D's inputs, as plain data (the trainer builds the <see cref="IAugmentation"/> from it): a
/// <see cref="DiffAugment"/> policy such as "color,translation,cutout" with its ratios, or the
/// <see cref="IAugmentation.Name"/> of an augmentation of your own, whose instance is passed to
/// <see cref="Training.GanTrainerBuilder.WithAugmentation"/> (also when resuming).
/// </summary>
/// <param name="Policy">The DiffAugment operations, comma-separated (or the name of your own augmentation).</param>
/// <param name="TranslationRatio">DiffAugment's largest shift as a fraction of the image size (1/8 in the paper).</param>
/// <param name="CutoutRatio">DiffAugment's cutout square's side as a fraction of the image size (1/2 in the paper).</param>
public sealed record AugmentationSettings(string Policy, double TranslationRatio = 0.125, double CutoutRatio = 0.5)
{
    /// <summary>DiffAugment's default policy: colour, translation and cutout.</summary>
    public static AugmentationSettings Default { get; } = new("color,translation,cutout");

    /// <summary>The settings of a <see cref="DiffAugment"/>.</summary>
    /// <param name="augmentation">The augmentation.</param>
    /// <returns>Its settings.</returns>
    public static AugmentationSettings From(DiffAugment augmentation)
    {
        ArgumentNullException.ThrowIfNull(augmentation);
        return new(augmentation.Name, augmentation.TranslationRatio, augmentation.CutoutRatio);
    }

    /// <summary>Whether <see cref="Policy"/> is a DiffAugment policy (otherwise it names an augmentation of your own).</summary>
    public bool IsDiffAugment => TryCreate() is not null;

    /// <summary>The DiffAugment these settings describe, or null when <see cref="Policy"/> names an augmentation of your own.</summary>
    /// <returns>The augmentation or null.</returns>
    public DiffAugment? TryCreate()
    {
        if (!(TranslationRatio is >= 0 and <= 0.5) || !(CutoutRatio is > 0 and <= 1)) return null;
        try
        {
            var parsed = DiffAugment.Parse(Policy);
            return new DiffAugment(parsed.Color, parsed.Translate, parsed.Cut, TranslationRatio, CutoutRatio);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    internal void Validate(ValidationErrors errors)
    {
        errors.Require(!string.IsNullOrWhiteSpace(Policy), "The augmentation policy is empty.");
        errors.Require(TranslationRatio is >= 0 and <= 0.5, $"The translation ratio must be in [0, 0.5]; got {TranslationRatio}.");
        errors.Require(CutoutRatio is > 0 and <= 1, $"The cutout ratio must be in (0, 1]; got {CutoutRatio}.");
    }
}
