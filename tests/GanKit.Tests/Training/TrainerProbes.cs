using GanKit.Data;
using GanKit.Losses;
using GanKit.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.Tests.Training;

/// <summary>Test doubles that let trainer tests see what the trainer did, value by value.</summary>
internal static class TrainerProbes
{
    /// <summary>Every parameter of a module, flattened into one array (a snapshot to compare).</summary>
    public static float[] Weights(nn.Module module) =>
        module.parameters().SelectMany(p => p.detach().cpu().contiguous().data<float>().ToArray()).ToArray();

    /// <summary>Every buffer of a module, by name.</summary>
    public static Dictionary<string, float[]> Buffers(nn.Module module) =>
        module.named_buffers().ToDictionary(b => b.name, b => b.buffer.to_type(ScalarType.Float32).cpu().data<float>().ToArray());

    /// <summary>The global L2 norm of the parameters' gradients (null gradients count as zero).</summary>
    public static double GradientNorm(nn.Module module) =>
        Math.Sqrt(module.parameters().Where(p => p.grad is not null)
            .Sum(p => p.grad!.data<float>().ToArray().Sum(v => (double)v * v)));

    /// <summary>Wraps a data set and records every batch the trainer draws.</summary>
    public sealed class RecordingDataset(IGanDataset inner) : IGanDataset
    {
        public List<float[]> Batches { get; } = [];

        public long Count => inner.Count;

        public IReadOnlyList<long> SampleShape => inner.SampleShape;

        public int? ClassCount => inner.ClassCount;

        public DataBatch GetBatch(ReadOnlySpan<long> indices)
        {
            var batch = inner.GetBatch(indices);
            Batches.Add(batch.Samples.data<float>().ToArray());
            return batch;
        }
    }

    /// <summary>A regularizer that adds nothing and records what it was given.</summary>
    public sealed class RecordingRegularizer(Action<RegularizerContext>? inspect = null, int interval = 1) : IDiscriminatorRegularizer
    {
        public List<float[]> Reals { get; } = [];

        public string Name => "recorder";

        public int Interval => interval;

        public Tensor Compute(RegularizerContext context)
        {
            Reals.Add(context.Real.data<float>().ToArray());
            inspect?.Invoke(context);
            return zeros(1, device: context.Real.device).squeeze();
        }
    }

    /// <summary>The non-saturating loss, recording the targets and outputs it was called with.</summary>
    public sealed class RecordingLoss : IGanLoss
    {
        public List<double> RealTargets { get; } = [];

        public List<double> DiscriminatorLosses { get; } = [];

        public List<double> GeneratorLosses { get; } = [];

        public string Name => "ns";

        public bool SupportsLabelSmoothing => true;

        public IReadOnlyList<IDiscriminatorRegularizer> RequiredRegularizers => [];

        public bool NeedsRealOutputForGenerator => false;

        public Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1)
        {
            RealTargets.Add(realTarget);
            var loss = GanLosses.NonSaturating.DiscriminatorLoss(realOutput, fakeOutput, realTarget);
            DiscriminatorLosses.Add(loss.item<float>());
            return loss;
        }

        public Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null)
        {
            var loss = GanLosses.NonSaturating.GeneratorLoss(fakeOutput);
            GeneratorLosses.Add(loss.item<float>());
            return loss;
        }
    }

    /// <summary>The non-saturating loss, with hooks a probe overrides to change what one player's loss reports.</summary>
    public abstract class NonSaturatingProbe : IGanLoss
    {
        public string Name => "ns";

        public bool SupportsLabelSmoothing => true;

        public IReadOnlyList<IDiscriminatorRegularizer> RequiredRegularizers => [];

        public bool NeedsRealOutputForGenerator => false;

        public Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1) =>
            AdjustDiscriminatorLoss(GanLosses.NonSaturating.DiscriminatorLoss(realOutput, fakeOutput, realTarget), realOutput);

        public Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null) => AdjustGeneratorLoss(GanLosses.NonSaturating.GeneratorLoss(fakeOutput), fakeOutput);

        protected virtual Tensor AdjustDiscriminatorLoss(Tensor loss, Tensor realOutput) => loss;

        protected virtual Tensor AdjustGeneratorLoss(Tensor loss, Tensor fakeOutput) => loss;
    }

    /// <summary>
    /// The non-saturating loss's gradients with a scripted value for D's loss: call n (1-based) reports
    /// <c>value(n)</c> when it is not null. Lets a test decide which steps the balance rule skips.
    /// </summary>
    public sealed class ScriptedLoss(Func<int, double?> value) : NonSaturatingProbe
    {
        private int _calls;

        protected override Tensor AdjustDiscriminatorLoss(Tensor loss, Tensor realOutput) =>
            value(++_calls) is { } v ? loss - loss.detach() + v : loss;
    }

    /// <summary>
    /// The non-saturating loss, except that on chosen calls of one player's loss its value stays finite while its
    /// gradient is NaN: √0 has an infinite derivative, and 0 · ∞ = NaN flows back into every weight.
    /// </summary>
    public sealed class NonFiniteGradientLoss(bool discriminator, Func<int, bool> poison) : NonSaturatingProbe
    {
        private int _calls;

        protected override Tensor AdjustDiscriminatorLoss(Tensor loss, Tensor realOutput) =>
            discriminator && poison(++_calls) ? loss + (realOutput.sum() * 0).sqrt() : loss;

        protected override Tensor AdjustGeneratorLoss(Tensor loss, Tensor fakeOutput) =>
            !discriminator && poison(++_calls) ? loss + (fakeOutput.sum() * 0).sqrt() : loss;
    }
}
