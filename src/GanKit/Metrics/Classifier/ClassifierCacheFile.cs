using System.Security.Cryptography;
using System.Text;
using GanKit.IO;

namespace GanKit.Metrics;

/// <summary>
/// The on-disk form of a trained <see cref="MetricClassifier"/>: a magic string, the recipe hash, the weights' length and
/// SHA-256, then the weights (TorchSharp's module format). Written atomically; a file that fails any check reads as absent.
/// </summary>
internal static class ClassifierCacheFile
{
    private const string Magic = "GanKit.MetricClassifier/1";

    public static void Write(string path, string recipeHash, byte[] weights)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(recipeHash);
            writer.Write((long)weights.Length);
            writer.Write(SHA256.HashData(weights));
            writer.Write(weights);
        });
    }

    /// <summary>The weights, or null with a reason when the file is missing, truncated, altered or of another recipe.</summary>
    public static byte[]? TryRead(string path, string recipeHash, out string? problem)
    {
        problem = null;
        if (!File.Exists(path)) return null;
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadString() != Magic) return Fail("it is not a GanKit classifier file", out problem);
            if (reader.ReadString() != recipeHash) return Fail("it was trained with another recipe", out problem);
            long length = reader.ReadInt64();
            if (length < 0 || length != stream.Length - stream.Position - 32) return Fail("its length does not match its header", out problem);
            var checksum = reader.ReadBytes(32);
            var weights = reader.ReadBytes((int)length);
            if (weights.Length != length || !SHA256.HashData(weights).AsSpan().SequenceEqual(checksum))
                return Fail("its checksum does not match", out problem);
            return weights;
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or UnauthorizedAccessException or FormatException)
        {
            return Fail($"it cannot be read ({ex.Message})", out problem);
        }
    }

    private static byte[]? Fail(string reason, out string? problem)
    {
        problem = reason;
        return null;
    }
}
