using System.Globalization;
using GanKit.Losses;

namespace GanKit.Cli.Cli;

/// <summary>
/// The <c>--loss</c> syntax: a loss name, or <c>wgan-gp:λ</c> for WGAN-GP with penalty weight λ. Command-line syntax,
/// so it lives here rather than in the library (which looks up plain names with <see cref="GanLosses.FromName"/>).
/// </summary>
internal static class LossOption
{
    private const string WganGpWithWeight = "wgan-gp:";

    /// <exception cref="ArgumentException">The name is unknown or the weight is invalid.</exception>
    public static IGanLoss Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.StartsWith(WganGpWithWeight, StringComparison.OrdinalIgnoreCase)
            && double.TryParse(value.AsSpan(WganGpWithWeight.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var lambda))
            return GanLosses.WassersteinGp(lambda);
        return GanLosses.FromName(value);
    }
}
