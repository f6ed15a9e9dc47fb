namespace GanKit.Cli.Hosting;

/// <summary>A mistake of the person running the tool (bad flag value, missing file): one line on stderr, exit code 2.</summary>
internal sealed class UserErrorException : Exception
{
    public UserErrorException(string message) : base(message) { }

    /// <summary>Keeps the library's exception as the cause, so --verbose still shows where it came from.</summary>
    public UserErrorException(string message, Exception innerException) : base(message, innerException) { }
}
