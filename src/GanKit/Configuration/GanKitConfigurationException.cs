namespace GanKit.Configuration;

/// <summary>
/// Thrown by a builder's <c>Build()</c> when its options are invalid. It lists every problem found at once,
/// so a user fixes them in one pass instead of one per run.
/// </summary>
public sealed class GanKitConfigurationException : GanKitException
{
    /// <summary>Creates the exception from the list of problems.</summary>
    /// <param name="component">What was being built, e.g. "Generator".</param>
    /// <param name="problems">Each problem, one sentence each.</param>
    public GanKitConfigurationException(string component, IReadOnlyList<string> problems)
        : base(FormatMessage(component, problems))
    {
        Component = component;
        Problems = problems;
    }

    /// <summary>What was being built.</summary>
    public string Component { get; }

    /// <summary>Every problem found, in the order they were checked.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string FormatMessage(string component, IReadOnlyList<string> problems) =>
        $"{component} options are invalid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):"
        + string.Concat(problems.Select(p => Environment.NewLine + " - " + p));
}
