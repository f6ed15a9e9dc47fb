namespace GanKit.Cli.Hosting;

/// <summary>
/// The sentence of an <see cref="ArgumentException"/> without what .NET appends to it: " (Parameter 'name')" and, for
/// <see cref="ArgumentOutOfRangeException"/>, the actual value. Users act on the sentence; the C# parameter name of a
/// library method means nothing to them. The decoration is localized, so it is rebuilt, not matched as English text.
/// </summary>
internal static class ArgumentMessages
{
    public static string Sentence(ArgumentException ex)
    {
        var decoration = ex is ArgumentOutOfRangeException range
            ? new ArgumentOutOfRangeException(range.ParamName, range.ActualValue, string.Empty).Message
            : new ArgumentException(string.Empty, ex.ParamName).Message;
        return decoration.Length > 0 && ex.Message.Length > decoration.Length && ex.Message.EndsWith(decoration, StringComparison.Ordinal)
            ? ex.Message[..^decoration.Length]
            : ex.Message;
    }
}
