using System.Text;
using GanKit.IO;
using TorchSharp;

namespace GanKit.Checkpoints;

/// <summary>
/// Walks a weights section in TorchSharp's <c>Module.save</c> format (LEB128 entry count; per entry a length-prefixed
/// name, LEB128 dtype, LEB128 rank, LEB128 dims, raw data) and checks every claim against the module before
/// <c>Module.load</c> sees it: TorchSharp allocates <c>new long[rank]</c> from the file's rank, so four damaged bytes
/// cost gigabytes (the fuzzer saw 1 GB), or an <see cref="OutOfMemoryException"/> that escapes the documented exception.
/// </summary>
internal static class ModuleWeightsCheck
{
    public static void Verify(torch.nn.Module module, byte[] section, string sectionName, string path)
    {
        var expected = module.state_dict();
        using var reader = new BinaryReader(new MemoryStream(section), Encoding.UTF8);
        string Fail(string what) => throw new CheckpointCorruptedException(path, $"the '{sectionName}' weights are damaged: {what}.");
        try
        {
            long count = Decode(reader);
            if (count < 0 || count > expected.Count) Fail($"{count} entries for a model with {expected.Count}");
            for (long e = 0; e < count; e++)
            {
                var name = reader.ReadString();
                if (!expected.TryGetValue(name, out var tensor)) Fail($"unexpected entry '{Shorten(name)}'");
                long type = Decode(reader);
                if (type != (long)tensor!.dtype) Fail($"'{name}' has dtype {type}, the model {tensor.dtype}");
                long rank = Decode(reader);
                if (rank != tensor.dim()) Fail($"'{name}' has {rank} dimensions, the model {tensor.dim()}");
                var dims = new long[rank];
                for (int i = 0; i < rank; i++) dims[i] = Decode(reader);
                if (!dims.SequenceEqual(tensor.shape))
                    Fail($"'{name}' has shape [{string.Join(",", dims)}], the model [{string.Join(",", tensor.shape)}]");
                if (!TensorShapes.TryCountElements(dims, out long elements, out var problem)) Fail($"'{name}' has {problem}");
                long bytes = elements * tensor.ElementSize;
                if (bytes > reader.BaseStream.Length - reader.BaseStream.Position) Fail($"'{name}' is cut short");
                reader.BaseStream.Position += bytes;
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or IOException)
        {
            Fail($"unreadable ({ex.Message})");
        }
    }

    /// <summary>TorchSharp's LEB128 decoding, refusing encodings longer than a long.</summary>
    private static long Decode(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }

        throw new FormatException("an integer longer than 64 bits");
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
