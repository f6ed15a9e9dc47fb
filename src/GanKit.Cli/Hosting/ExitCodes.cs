namespace GanKit.Cli.Hosting;

internal static class ExitCodes
{
    public const int Success = 0;
    public const int UnexpectedFailure = 1;
    public const int UserError = 2;
    public const int Cancelled = 130;
}
