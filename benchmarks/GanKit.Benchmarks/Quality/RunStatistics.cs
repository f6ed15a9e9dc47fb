namespace GanKit.Benchmarks.Quality;

/// <summary>Mean and standard error of the mean over repeated runs.</summary>
internal readonly record struct MeanAndError(double Mean, double StandardError, int Count)
{
    public static MeanAndError Of(IReadOnlyCollection<double> values)
    {
        int n = values.Count;
        if (n == 0) return new(double.NaN, double.NaN, 0);
        double mean = values.Average();
        double variance = n > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (n - 1) : 0;
        return new(mean, Math.Sqrt(variance / n), n);
    }

    public string Format(string format) => Count > 1
        ? $"{Mean.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} ± {StandardError.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}"
        : Mean.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}
