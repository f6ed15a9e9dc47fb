namespace GanKit.StyleTransfer.Optimization;

/// <summary>The minimizer of the cubic that fits two points' values and slopes (Nocedal &amp; Wright, eq. 3.59).</summary>
internal static class CubicInterpolation
{
    /// <summary>
    /// The step in [<paramref name="lower"/>, <paramref name="upper"/>] that minimizes the cubic through
    /// (x1, f1, g1) and (x2, f2, g2); the middle of the interval when the cubic has no minimum there.
    /// </summary>
    public static double Minimize(double x1, double f1, double g1, double x2, double f2, double g2, double lower, double upper)
    {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Squared = d1 * d1 - g1 * g2;
        if (d2Squared >= 0)
        {
            double d2 = Math.Sqrt(d2Squared);
            double position = x1 <= x2
                ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            if (double.IsFinite(position)) return Math.Min(Math.Max(position, lower), upper);
        }

        return (lower + upper) / 2;
    }

    /// <summary>As <see cref="Minimize(double,double,double,double,double,double,double,double)"/>, bounded by the two points.</summary>
    public static double Minimize(double x1, double f1, double g1, double x2, double f2, double g2) =>
        Minimize(x1, f1, g1, x2, f2, g2, Math.Min(x1, x2), Math.Max(x1, x2));
}
