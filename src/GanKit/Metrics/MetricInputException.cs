namespace GanKit.Metrics;

/// <summary>Thrown when a metric cannot be computed from its input: wrong shapes, too few samples, or non-finite values.</summary>
public sealed class MetricInputException : GanKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the input, in words a user can act on.</param>
    public MetricInputException(string message) : base(message) { }
}
