namespace GanKit.Cli.Cli;

/// <summary>A mistake of the person running the tool (bad flag value, missing file): one line on stderr, exit code 2.</summary>
internal sealed class UserErrorException(string message) : Exception(message);
