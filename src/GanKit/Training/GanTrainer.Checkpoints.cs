using GanKit.Checkpoints;
using GanKit.Runtime;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Training;

// Writing, resuming from and rolling back to checkpoints.
public sealed partial class GanTrainer
{
    /// <summary>
    /// Restores every piece of training state from a checkpoint: both models, the EMA, both optimizers, the random
    /// streams, the data order, the step and the history. Training then continues exactly as if never interrupted.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <exception cref="CheckpointCorruptedException">The file is damaged or does not fit this trainer's models and options.</exception>
    public void ResumeFrom(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var sections = CheckpointFile.Read(path);
        var meta = Checkpoint.ReadMetadata(sections, path);
        var mismatches = new List<string>();
        if (!meta.GeneratorModel.Equals(Generator.Descriptor)) mismatches.Add($"the generator's descriptor differs ({meta.GeneratorModel}, not {Generator.Descriptor})");
        else if (!Equals(meta.Generator, Generator.Spec)) mismatches.Add(SpecMismatch("generator", meta.Generator is null, Generator.Spec is null));
        if (!meta.DiscriminatorModel.Equals(Discriminator.Descriptor)) mismatches.Add($"the discriminator's descriptor differs ({meta.DiscriminatorModel}, not {Discriminator.Descriptor})");
        else if (!Equals(meta.Discriminator, Discriminator.Spec)) mismatches.Add(SpecMismatch("discriminator", meta.Discriminator is null, Discriminator.Spec is null));
        if (meta.Loss != Options.Loss.Name) mismatches.Add($"it was trained with the {meta.Loss} loss, not {Options.Loss.Name}");
        if (meta.BatchSize != Options.BatchSize) mismatches.Add($"it was trained with batch size {meta.BatchSize}, not {Options.BatchSize}");
        if ((meta.EmaDecay is null) != (Ema is null)) mismatches.Add("EMA is enabled in one and not the other");
        // An optimizer's state only loads into one of the same kind; say so rather than fail inside TorchSharp.
        if (meta.ReadOptions(path) is { } saved)
        {
            if (saved.GeneratorOptimizer.Kind != Options.GeneratorOptimizer.Kind)
                mismatches.Add($"its generator optimizer is {saved.GeneratorOptimizer.Kind}, not {Options.GeneratorOptimizer.Kind}");
            if (saved.DiscriminatorOptimizer.Kind != Options.DiscriminatorOptimizer.Kind)
                mismatches.Add($"its discriminator optimizer is {saved.DiscriminatorOptimizer.Kind}, not {Options.DiscriminatorOptimizer.Kind}");
        }

        if (mismatches.Count > 0)
            throw new CheckpointCorruptedException(path, "it does not match this trainer: " + string.Join("; ", mismatches) + ".");

        Checkpoint.LoadModule(Generator.Module, sections, CheckpointSections.Generator, path);
        Checkpoint.LoadModule(Discriminator.Module, sections, CheckpointSections.Discriminator, path);
        if (Ema is not null) Checkpoint.LoadModule(Ema.Average.Module, sections, CheckpointSections.Ema, path);
        LoadOptimizer(_generatorOptimizer, sections, CheckpointSections.GeneratorOptimizer, path);
        LoadOptimizer(_discriminatorOptimizer, sections, CheckpointSections.DiscriminatorOptimizer, path);
        if (!sections.TryGetValue(CheckpointSections.Random, out var rng)) throw new CheckpointCorruptedException(path, "the random state is missing.");
        using (var state = tensor(rng, ScalarType.Byte)) _random.set_state(state);

        DiscardPending();
        _history.Clear();
        if (sections.TryGetValue(CheckpointSections.History, out var history)) _history.AddRange(DecodeHistory(history));
        Step = meta.Step;
        _discriminatorSteps = meta.DiscriminatorSteps;
        if (AugmentationController is not null && meta.AugmentationProbability is { } p) AugmentationController.Probability = p;
        RestoreAugmentationWindow(meta.AugmentationSignSum, meta.AugmentationSignCount, meta.AugmentationUpdates);
        _rollbacks = meta.Rollbacks;
        _sampler = null;
        _samplerState = (meta.SamplerEpoch, meta.SamplerPosition);
        LastCheckpoint = path;
        _resumeChecked = true;
        _synchronized = false;
        TrainerLog.Resumed(_logger, path, Step);
    }

    private static string SpecMismatch(string model, bool savedIsCustom, bool currentIsCustom) =>
        savedIsCustom == currentIsCustom
            ? $"the {model}'s specification differs"
            : $"the {model} was {(savedIsCustom ? "a module of your own" : "a built-in network")} and is now {(currentIsCustom ? "a module of your own" : "a built-in network")}";

    private void ResumeFromLatestOnce()
    {
        if (_resumeChecked) return;
        _resumeChecked = true;
        // Rank 0 resumes; SynchronizeFromRoot then hands its state to the others (which need not see the run folder).
        if (!IsRootRank) return;
        if (_store?.Latest() is { } latest) ResumeFrom(latest);
    }

    private void WriteCheckpoint()
    {
        if (_store is null || Step == 0) return;
        FlushMetrics(); // never checkpoint a diverged state, and the history must be complete
        var window = AugmentationWindow(); // every rank takes part in its average
        if (IsRootRank) WriteCheckpointFile(window);
        // Nobody goes on (or rolls back) before rank 0's file is complete.
        _parallel?.Communicator.Barrier();
    }

    private void WriteCheckpointFile((double SignSum, long Count, int Updates) augmentationWindow)
    {
        if (_store is null) return;
        if (LastCheckpoint is not null && LastCheckpoint == _store.PathFor(Step) && File.Exists(LastCheckpoint)) return;
        var meta = new CheckpointMetadata
        {
            Step = Step,
            Seed = Options.Seed,
            Loss = Options.Loss.Name,
            Generator = Generator.Spec,
            Discriminator = Discriminator.Spec,
            GeneratorDescriptor = Generator.Descriptor,
            DiscriminatorDescriptor = Discriminator.Descriptor,
            EmaDecay = Options.EmaDecay ?? Options.EmaWarmup?.Beta(Step * Options.BatchSize, Options.BatchSize),
            AugmentationProbability = AugmentationController?.Probability,
            AugmentationSignSum = augmentationWindow.SignSum,
            AugmentationSignCount = augmentationWindow.Count,
            AugmentationUpdates = augmentationWindow.Updates,
            SamplerEpoch = _sampler?.Epoch ?? _samplerState.Epoch,
            SamplerPosition = _sampler?.Position ?? _samplerState.Position,
            DiscriminatorSteps = _discriminatorSteps,
            Rollbacks = _rollbacks,
            BatchSize = Options.BatchSize,
            Options = Options.ToJsonElement(),
            CreatedUtc = DateTimeOffset.UtcNow,
        };
        using var state = _random.get_state();
        var sections = new List<(string, byte[])>
        {
            (CheckpointSections.Metadata, meta.ToJson()),
            (CheckpointSections.Generator, Checkpoint.SaveModule(Generator.Module)),
            (CheckpointSections.Discriminator, Checkpoint.SaveModule(Discriminator.Module)),
            (CheckpointSections.GeneratorOptimizer, SaveOptimizer(_generatorOptimizer)),
            (CheckpointSections.DiscriminatorOptimizer, SaveOptimizer(_discriminatorOptimizer)),
            (CheckpointSections.Random, state.data<byte>().ToArray()),
            (CheckpointSections.History, EncodeHistory(_history)),
        };
        if (Ema is not null) sections.Add((CheckpointSections.Ema, Checkpoint.SaveModule(Ema.Average.Module)));
        LastCheckpoint = _store.Save(Step, sections);
        TrainerLog.CheckpointWritten(_logger, Step, LastCheckpoint);
    }

    private void RollBack(TrainingDivergedException failure)
    {
        var latest = IsRootRank ? _store?.Latest() : null;
        bool found = latest is not null;
        if (_parallel is not null)
        {
            Span<long> flag = [found ? 1 : 0];
            _parallel.BroadcastNumbers(flag);
            found = flag[0] == 1;
            latest ??= found ? "(rank 0's newest checkpoint)" : null;
        }

        if (!found || _rollbacks >= MaxRollbacks)
        {
            throw new TrainingDivergedException(failure.Step,
                latest is null ? "no checkpoint to roll back to. " + failure.Message : $"still diverging after {MaxRollbacks} rollbacks. " + failure.Message);
        }

        int count = _rollbacks + 1;
        if (IsRootRank) ResumeFrom(latest!);
        _rollbacks = count;
        // Replaying the same random stream would replay the same divergence.
        _random.Dispose();
        _random = Seeding.CreateGenerator(Options.Seed, "trainer:rollback:" + count);
        SynchronizeFromRoot();
        TrainerLog.RolledBack(_logger, failure.Step, latest!, Step, count);
    }

    private static byte[] SaveOptimizer(TorchSharp.Modules.OptimizerHelper optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        return stream.ToArray();
    }

    private static void LoadOptimizer(TorchSharp.Modules.OptimizerHelper optimizer, IReadOnlyDictionary<string, byte[]> sections, string name, string path)
    {
        if (!sections.TryGetValue(name, out var bytes)) throw new CheckpointCorruptedException(path, $"the '{name}' section is missing.");
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            optimizer.load_state_dict(reader);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not CheckpointCorruptedException)
        {
            throw new CheckpointCorruptedException(path, $"the '{name}' optimizer state does not fit ({ex.Message}).", ex);
        }
    }

    private static byte[] EncodeHistory(IReadOnlyList<StepMetrics> history)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(history.Count);
        foreach (var m in history)
        {
            writer.Write(m.Step);
            writer.Write(m.DiscriminatorLoss);
            writer.Write(m.GeneratorLoss);
            writer.Write(m.RealScore);
            writer.Write(m.FakeScore);
            writer.Write(m.Penalty);
            writer.Write(m.DiscriminatorSkipped);
        }

        writer.Flush();
        return stream.ToArray();
    }

    private static IEnumerable<StepMetrics> DecodeHistory(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        int count = reader.ReadInt32();
        var list = new List<StepMetrics>(count);
        for (int i = 0; i < count; i++)
        {
            list.Add(new StepMetrics(reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(),
                reader.ReadDouble(), reader.ReadDouble(), reader.ReadBoolean()));
        }

        return list;
    }
}
