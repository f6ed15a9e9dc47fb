using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using GanKit.IO;

namespace GanKit.Checkpoints;

/// <summary>
/// The on-disk container: an 8-byte magic "GANKITCK", a format version, named sections (length-prefixed), and a
/// SHA-256 of everything before it. Written atomically; any truncation or alteration fails the checksum.
/// </summary>
internal static class CheckpointFile
{
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = "GANKITCK"u8.ToArray();
    private const int HashSize = 32;

    /// <summary>
    /// TEST HOOK, not a setting: when the environment variable <c>GANKIT_TEST_CHECKPOINT_WRITE_DELAY_MS</c> holds a positive
    /// number of milliseconds (read once per process), every checkpoint write stops that long halfway, with the first half
    /// of the file flushed to its temporary. The process-level kill test (tests/GanKit.Cli.Tests/CheckpointKillTests) uses
    /// it to make certain that kills land mid-write and leave a partial file behind; nothing else should set it.
    /// </summary>
    internal const string TestWriteDelayVariable = "GANKIT_TEST_CHECKPOINT_WRITE_DELAY_MS";

    private static readonly int TestWriteDelayMs =
        int.TryParse(Environment.GetEnvironmentVariable(TestWriteDelayVariable), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var delay) ? delay : 0;

    public static void Write(string path, IReadOnlyList<(string Name, byte[] Data)> sections)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(sections.Count);
            foreach (var (name, data) in sections)
            {
                writer.Write(name);
                writer.Write((long)data.Length);
                writer.Write(data);
            }
        }

        var hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        body.Write(hash);
        AtomicFile.Write(path, s =>
        {
            if (TestWriteDelayMs <= 0)
            {
                body.WriteTo(s);
                return;
            }

            int half = (int)body.Length / 2;
            s.Write(body.GetBuffer(), 0, half);
            s.Flush();
            Thread.Sleep(TestWriteDelayMs);
            s.Write(body.GetBuffer(), half, (int)body.Length - half);
        });
    }

    public static IReadOnlyDictionary<string, byte[]> Read(string path)
    {
        if (!File.Exists(path)) throw new CheckpointCorruptedException(path, "the file does not exist.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new CheckpointCorruptedException(path, $"the file cannot be read ({ex.Message}).", ex);
        }

        if (bytes.Length < Magic.Length + 8 + HashSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointCorruptedException(path, "it is not a GanKit checkpoint (wrong header).");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length));
        if (version != FormatVersion)
            throw new CheckpointCorruptedException(path, $"format version {version} is not supported (this GanKit reads version {FormatVersion}).");
        var expected = bytes.AsSpan(bytes.Length - HashSize);
        var actual = SHA256.HashData(bytes.AsSpan(0, bytes.Length - HashSize));
        if (!expected.SequenceEqual(actual))
            throw new CheckpointCorruptedException(path, "the checksum does not match: the file is truncated or was altered.");

        var sections = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - HashSize), Encoding.UTF8);
        reader.BaseStream.Position = Magic.Length + 4;
        try
        {
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                long length = reader.ReadInt64();
                if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
                    throw new CheckpointCorruptedException(path, $"section '{name}' claims {length} bytes, more than the file holds.");
                sections[name] = reader.ReadBytes((int)length);
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new CheckpointCorruptedException(path, "the section table is truncated.", ex);
        }
        catch (Exception ex) when (ex is FormatException or IOException) // a section name's 7-bit length that never ends, or is negative
        {
            throw new CheckpointCorruptedException(path, "the section table is malformed.", ex);
        }

        return sections;
    }
}
