using GanKit.Checkpoints;
using GanKit.Configuration;
using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Training;

// Data parallelism (WithDataParallel): every rank holds the whole model and trains on its shard of each global batch;
// gradients and the losses that steer decisions are averaged, so all ranks stay bit-identical to each other.
public sealed partial class GanTrainer
{
    private readonly DataParallel? _parallel;
    private bool _synchronized;

    /// <summary>The rank of this process in data-parallel training (0 when training in one process).</summary>
    public int Rank => _parallel?.Rank ?? 0;

    /// <summary>The number of data-parallel ranks (1 when training in one process).</summary>
    public int WorldSize => _parallel?.Size ?? 1;

    /// <summary>Rank 0, the one that writes checkpoints, logs, samples and evaluations (true in one process).</summary>
    public bool IsRootRank => _parallel?.IsRoot ?? true;

    private int GlobalBatchSize => Options.BatchSize * WorldSize;

    private Tensor Shard(Tensor global) => _parallel is null ? global : _parallel.Shard(global);

    private double AverageOverRanks(double value)
    {
        if (_parallel is null) return value;
        Span<double> values = [value];
        _parallel.AverageScalars(values);
        return values[0];
    }

    private void AverageOverRanks(ref double a, ref double b, ref double c)
    {
        if (_parallel is null) return;
        Span<double> values = [a, b, c];
        _parallel.AverageScalars(values);
        (a, b, c) = (values[0], values[1], values[2]);
    }

    // The pending steps' metrics (losses, scores, finiteness flags), so every rank logs and decides on the same numbers.
    private void AverageOverRanks(float[] values)
    {
        if (_parallel is null) return;
        var buffer = values.Select(v => (double)v).ToArray();
        _parallel.AverageScalars(buffer);
        for (int i = 0; i < values.Length; i++) values[i] = (float)buffer[i];
    }

    // Cancellation must be collective: one rank leaving the loop alone would leave the others waiting forever.
    private bool AnyRank(bool flag)
    {
        if (_parallel is null) return flag;
        Span<double> values = [flag ? 1 : 0];
        _parallel.Communicator.AllReduceSum(values);
        return values[0] > 0;
    }

    /// <summary>
    /// Makes every rank's training state rank 0's: both models, the EMA, both optimizers, the random stream, the
    /// step counters and the data order. Called at the start of training, after a rollback, and by the first
    /// <see cref="TrainStep"/> of a custom loop, so ranks that were built or resumed apart start identical.
    /// </summary>
    private void SynchronizeFromRoot()
    {
        if (_parallel is null) return;
        using var scope = NewDisposeScope();
        bool root = _parallel.IsRoot;
        // Only rank 0's ADA window counts here: the others take its probability and open window (rank 0 holds the
        // ranks' average after a resume, and nothing yet at the start).
        double adaSum = root && AugmentationController is not null && _adaSignSum is not null ? HostReads.Item<float>(_adaSignSum) : 0;
        Span<long> numbers =
        [
            Step, _discriminatorSteps, _rollbacks, _sampler?.Epoch ?? _samplerState.Epoch, _sampler?.Position ?? _samplerState.Position,
            Options.Seed, Options.BatchSize, Ema is null ? 0 : 1,
            BitConverter.DoubleToInt64Bits(AugmentationController?.Probability ?? 0), BitConverter.DoubleToInt64Bits(adaSum), _adaCount, _adaUpdates,
        ];
        Span<long> mine = stackalloc long[numbers.Length];
        numbers.CopyTo(mine);
        _parallel.BroadcastNumbers(numbers);
        if (!root && (mine[5] != numbers[5] || mine[6] != numbers[6] || mine[7] != numbers[7]))
            throw new GanKitConfigurationException("GanTrainer", [
                $"Data-parallel rank {Rank} was configured differently from rank 0 (seed {mine[5]} vs {numbers[5]}, batch size {mine[6]} vs {numbers[6]}, " +
                $"EMA {(mine[7] == 1 ? "on" : "off")} vs {(numbers[7] == 1 ? "on" : "off")}); every rank must build the same trainer."]);

        var sections = new Dictionary<string, byte[]>();
        void Share(string name, Func<byte[]> serialize) => sections[name] = _parallel.BroadcastBlob(root ? serialize() : null);
        Share(CheckpointSections.Generator, () => Checkpoint.SaveModule(Generator.Module));
        Share(CheckpointSections.Discriminator, () => Checkpoint.SaveModule(Discriminator.Module));
        if (Ema is not null) Share(CheckpointSections.Ema, () => Checkpoint.SaveModule(Ema.Average.Module));
        Share(CheckpointSections.GeneratorOptimizer, () => SaveOptimizer(_generatorOptimizer));
        Share(CheckpointSections.DiscriminatorOptimizer, () => SaveOptimizer(_discriminatorOptimizer));
        Share(CheckpointSections.Random, () => { using var s = _random.get_state(); return s.data<byte>().ToArray(); });

        if (!root)
        {
            const string source = "(rank 0's training state)";
            Checkpoint.LoadModule(Generator.Module, sections, CheckpointSections.Generator, source);
            Checkpoint.LoadModule(Discriminator.Module, sections, CheckpointSections.Discriminator, source);
            if (Ema is not null) Checkpoint.LoadModule(Ema.Average.Module, sections, CheckpointSections.Ema, source);
            LoadOptimizer(_generatorOptimizer, sections, CheckpointSections.GeneratorOptimizer, source);
            LoadOptimizer(_discriminatorOptimizer, sections, CheckpointSections.DiscriminatorOptimizer, source);
            using (var state = tensor(sections[CheckpointSections.Random], ScalarType.Byte)) _random.set_state(state);
            Step = numbers[0];
            _discriminatorSteps = numbers[1];
            _rollbacks = (int)numbers[2];
            _sampler = null;
            _samplerState = (numbers[3], numbers[4]);
            if (AugmentationController is not null)
            {
                AugmentationController.Probability = BitConverter.Int64BitsToDouble(numbers[8]);
                RestoreAugmentationWindow(BitConverter.Int64BitsToDouble(numbers[9]), numbers[10], (int)numbers[11]);
            }
        }

        _synchronized = true;
    }
}
