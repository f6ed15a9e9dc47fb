using System.Text;

namespace GanKit.Runtime;

/// <summary>Finds the system libstdc++ and checks which symbol versions it exports, without running a tool.</summary>
internal static class LinuxLibStdCxx
{
    private static readonly string[] Candidates =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
    ];

    public static string? Find() => Candidates.FirstOrDefault(File.Exists);

    public static bool Exports(string path, string symbolVersion)
    {
        // The version strings sit in the .gnu.version_d section as plain ASCII; a byte search is enough.
        var needle = Encoding.ASCII.GetBytes(symbolVersion + "\0");
        var bytes = File.ReadAllBytes(path);
        return bytes.AsSpan().IndexOf(needle) >= 0;
    }
}
