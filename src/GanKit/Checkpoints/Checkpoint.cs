using GanKit.Models;
using GanKit.Runtime;
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
    /// <exception cref="CheckpointCorruptedException">The file is missing, truncated, altered or not a checkpoint, or its stored options are not valid.</exception>
    public static CheckpointInfo ReadInfo(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            path = CheckpointStore.FindLatest(path) ?? throw new CheckpointCorruptedException(path, "the folder holds no checkpoints.");
        var sections = CheckpointFile.Read(path);
        var meta = ReadMetadata(sections, path);
        return new CheckpointInfo(path, meta.Step, meta.Generator, meta.Discriminator, meta.Loss,
            sections.ContainsKey(CheckpointSections.Ema), meta.CreatedUtc, meta.GeneratorModel, meta.DiscriminatorModel, meta.ReadOptions(path));
    }

    /// <summary>Loads a built-in generator alone, for sampling; it is rebuilt from the specification stored in the checkpoint.</summary>
    /// <param name="path">A checkpoint file, or a run folder (its newest checkpoint is used).</param>
    /// <param name="preferEma">Use the EMA weights when the checkpoint has them (usually the better samples).</param>
    /// <returns>The generator in evaluation mode, on the CPU.</returns>
    /// <exception cref="CheckpointCorruptedException">The file is missing, truncated, altered or not a checkpoint.</exception>
    /// <exception cref="ArgumentException">
    /// The checkpoint holds a generator module of your own; load it with <see cref="LoadGenerator(string, Func{nn.Module{Tensor, Tensor, Tensor}}, bool)"/>.
    /// </exception>
    public static Generator LoadGenerator(string path, bool preferEma = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (file, sections, meta) = Open(path);
        var spec = meta.Generator ?? throw new ArgumentException(
            $"The checkpoint '{file}' holds a generator module of your own ({meta.GeneratorModel}), which GanKit cannot rebuild: " +
            "pass a factory that creates it, Checkpoint.LoadGenerator(path, factory).", nameof(path));
        return Load(CreateBuiltIn(spec, sections, preferEma, file), sections, preferEma, file);
    }

    /// <summary>
    /// Loads a generator alone, for sampling, creating its module with <paramref name="factory"/> and loading the
    /// checkpoint's weights and buffers into it (strictly: every name and shape must match). Works for modules of your
    /// own and for built-in ones alike; the descriptor is the one stored in the checkpoint.
    /// </summary>
    /// <param name="path">A checkpoint file, or a run folder (its newest checkpoint is used).</param>
    /// <param name="factory">Creates a module of the trained architecture (its initial weights do not matter); it is also the loaded generator's factory for <see cref="Generator.CreateCopy"/>.</param>
    /// <param name="preferEma">Use the EMA weights when the checkpoint has them (usually the better samples).</param>
    /// <returns>The generator in evaluation mode, on the CPU.</returns>
    /// <exception cref="CheckpointCorruptedException">The file is damaged, or its weights do not fit the factory's module.</exception>
    public static Generator LoadGenerator(string path, Func<nn.Module<Tensor, Tensor?, Tensor>> factory, bool preferEma = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(factory);
        var (file, sections, meta) = Open(path);
        TorchRuntime.EnsureLoaded();
        var module = factory() ?? throw new InvalidOperationException("The generator factory returned null.");
        return Load(Generator.FromModule(module, meta.GeneratorModel, factory), sections, preferEma, file);
    }

    private static (string File, IReadOnlyDictionary<string, byte[]> Sections, CheckpointMetadata Meta) Open(string path)
    {
        if (Directory.Exists(path))
            path = CheckpointStore.FindLatest(path) ?? throw new CheckpointCorruptedException(path, "the folder holds no checkpoints.");
        var sections = CheckpointFile.Read(path);
        return (path, sections, ReadMetadata(sections, path));
    }

    private static string WeightsSection(IReadOnlyDictionary<string, byte[]> sections, bool preferEma) =>
        preferEma && sections.ContainsKey(CheckpointSections.Ema) ? CheckpointSections.Ema : CheckpointSections.Generator;

    // The spec comes from the file: check it against the size of its weights before libtorch is asked to build it.
    private static Generator CreateBuiltIn(GeneratorSpec spec, IReadOnlyDictionary<string, byte[]> sections, bool preferEma, string path)
    {
        var section = WeightsSection(sections, preferEma);
        if (!sections.TryGetValue(section, out var weights)) throw new CheckpointCorruptedException(path, $"the '{section}' section is missing.");
        CheckpointGeneratorCheck.Validate(spec, weights.Length, section, path);
        try
        {
            return Generator.Create(spec);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new CheckpointCorruptedException(path, $"the generator's specification cannot be built ({ex.Message}).", ex);
        }
    }

    private static Generator Load(Generator generator, IReadOnlyDictionary<string, byte[]> sections, bool preferEma, string path)
    {
        try
        {
            LoadModule(generator.Module, sections, WeightsSection(sections, preferEma), path);
            generator.Module.eval();
            return generator;
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    internal static CheckpointMetadata ReadMetadata(IReadOnlyDictionary<string, byte[]> sections, string path) =>
        sections.TryGetValue(CheckpointSections.Metadata, out var json)
            ? CheckpointMetadata.FromJson(json, path)
            : throw new CheckpointCorruptedException(path, "the metadata section is missing.");

    internal static void LoadModule(nn.Module module, IReadOnlyDictionary<string, byte[]> sections, string section, string path)
    {
        if (!sections.TryGetValue(section, out var bytes)) throw new CheckpointCorruptedException(path, $"the '{section}' section is missing.");
        ModuleWeightsCheck.Verify(module, bytes, section, path); // before TorchSharp allocates what the bytes claim
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
