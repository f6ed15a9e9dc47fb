namespace GanKit.Metrics;

/// <summary>
/// Thrown when a metric cannot be computed from its input: wrong shapes, too few samples, or non-finite values. A
/// caller's mistake, so it is an <see cref="ArgumentException"/>, like the same bad shape given to a model or a
/// feature network.
/// </summary>
public sealed class MetricInputException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the input, in words a user can act on.</param>
    public MetricInputException(string message) : base(message) { }
}
