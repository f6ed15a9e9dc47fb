namespace GanKit.Configuration;

/// <summary>Collects option problems so a builder can report all of them in one exception.</summary>
internal sealed class ValidationErrors
{
    private readonly List<string> _problems = [];

    public void Add(string problem) => _problems.Add(problem);

    public void Require(bool condition, string problem)
    {
        if (!condition) _problems.Add(problem);
    }

    public void RequirePositive(double value, string name) =>
        Require(value > 0 && double.IsFinite(value), $"{name} must be a positive finite number (was {value}).");

    public void RequireNonNegative(double value, string name) =>
        Require(value >= 0 && double.IsFinite(value), $"{name} must be zero or positive and finite (was {value}).");

    public void RequireInRange(double value, double min, double max, string name) =>
        Require(value >= min && value <= max, $"{name} must be between {min} and {max} (was {value}).");

    public bool HasProblems => _problems.Count > 0;

    public void ThrowIfAny(string component)
    {
        if (_problems.Count > 0) throw new GanKitConfigurationException(component, _problems.ToArray());
    }
}
