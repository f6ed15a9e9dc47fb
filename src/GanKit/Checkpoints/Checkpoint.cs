using GanKit.Models;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Checkpoints;

/// <summary>Reads checkpoints written by <see cref="Training.GanTrainer"/>: their description, or a generator for inference.</summary>
public static class Checkpoint
{
    /// <summary>The file extension of checkpoints.</summary>
    public const string Extension = ".gkc";

    /// <summary>The newest checkpoint in a checkpoint folder, by step; files being written or left by a killed run never count.</summary>
    /// <param name="directory">The folder given to <c>WithCheckpoints</c>.</param>
    /// <returns>The checkpoint file's path, or null when the folder is missing or holds no checkpoint.</returns>
    public static string? FindLatest(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return CheckpointStore.FindLatest(directory);
    }

    /// <summary>Describes a checkpoint (after verifying its checksum).</summary>
    /// <param name="path">A checkpoint file, or a run folder (its newest checkpoint is described).</param>
    /// <returns>Its description.</returns>
    /// <exception cref="CheckpointCorruptedException">The file is missing, truncated, altered or not a checkpoint.</exception>
    public static CheckpointInfo ReadInfo(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            path = CheckpointStore.FindLatest(path) ?? throw new CheckpointCorruptedException(path, "the folder holds no checkpoints.");
        var sections = CheckpointFile.Read(path);
        var meta = ReadMetadata(sections, path);
        return new CheckpointInfo(path, meta.Step, meta.Generator, meta.Discriminator, meta.Loss,
            sections.ContainsKey(CheckpointSections.Ema), meta.CreatedUtc);
    }

    /// <summary>Loads the generator alone, for sampling.</summary>
    /// <param name="path">A checkpoint file, or a run folder (its newest checkpoint is used).</param>
    /// <param name="preferEma">Use the EMA weights when the checkpoint has them (usually the better samples).</param>
    /// <returns>The generator in evaluation mode, on the CPU.</returns>
    /// <exception cref="CheckpointCorruptedException">The file is missing, truncated, altered or not a checkpoint.</exception>
    public static Generator LoadGenerator(string path, bool preferEma = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            path = CheckpointStore.FindLatest(path) ?? throw new CheckpointCorruptedException(path, "the folder holds no checkpoints.");
        var sections = CheckpointFile.Read(path);
        var meta = ReadMetadata(sections, path);
        var section = preferEma && sections.ContainsKey(CheckpointSections.Ema) ? CheckpointSections.Ema : CheckpointSections.Generator;
        if (!sections.TryGetValue(section, out var weights)) throw new CheckpointCorruptedException(path, $"the '{section}' section is missing.");
        CheckpointGeneratorCheck.Validate(meta.Generator, weights.Length, section, path);
        Generator generator;
        try
        {
            generator = Generator.Create(meta.Generator);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new CheckpointCorruptedException(path, $"the generator's specification cannot be built ({ex.Message}).", ex);
        }

        try
        {
            LoadModule(generator.Module, sections, section, path);
        }
        catch
        {
            generator.Dispose();
            throw;
        }

        generator.Module.eval();
        return generator;
    }

    internal static CheckpointMetadata ReadMetadata(IReadOnlyDictionary<string, byte[]> sections, string path) =>
        sections.TryGetValue(CheckpointSections.Metadata, out var json)
            ? CheckpointMetadata.FromJson(json, path)
            : throw new CheckpointCorruptedException(path, "the metadata section is missing.");

    internal static void LoadModule(nn.Module module, IReadOnlyDictionary<string, byte[]> sections, string section, string path)
    {
        if (!sections.TryGetValue(section, out var bytes)) throw new CheckpointCorruptedException(path, $"the '{section}' section is missing.");
        try
        {
            using var stream = new MemoryStream(bytes);
            module.load(stream, strict: true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new CheckpointCorruptedException(path, $"the '{section}' weights do not fit the model ({ex.Message}).", ex);
        }
    }

    internal static byte[] SaveModule(nn.Module module)
    {
        using var stream = new MemoryStream();
        module.save(stream);
        return stream.ToArray();
    }
}
