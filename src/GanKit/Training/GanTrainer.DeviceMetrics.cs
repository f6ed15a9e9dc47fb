using GanKit.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Training;

// Losses, scores and the non-finite guard stay on the device: a step makes no host read (on a GPU, each read stalls
// the queue). The metrics of pending steps are read in one go when progress is reported, a checkpoint is written or
// a public call returns, and a divergence is raised then, naming the first step that had it.
public sealed partial class GanTrainer
{
    // Row layout of a pending step's metrics.
    private const int DLossColumn = 0, GLossColumn = 1, RealColumn = 2, FakeColumn = 3, PenaltyColumn = 4;
    private const int DLossFiniteColumn = 5, DGradientsFiniteColumn = 6, GLossFiniteColumn = 7, GGradientsFiniteColumn = 8;

    private readonly List<(long Step, bool Skipped, Tensor Row)> _pending = [];

    // False (on the device) from the first non-finite loss or gradient on: no later update changes a weight, so the
    // weights stay those of the last healthy update until the pending metrics are read and the divergence raised.
    private Tensor? _healthy;

    private Tensor Healthy(Device device)
    {
        if (_healthy is null || _healthy.device_type != device.type || _healthy.device_index != device.index)
        {
            _healthy?.Dispose();
            _healthy = ones(1, dtype: ScalarType.Bool, device: device).squeeze().DetachFromDisposeScope();
        }

        return _healthy;
    }

    private void ResetHealth()
    {
        _healthy?.Dispose();
        _healthy = null;
    }

    private void DiscardPending()
    {
        foreach (var (_, _, row) in _pending) row.Dispose();
        _pending.Clear();
        ResetHealth();
    }

    private void AddPending(long step, bool skipped, Tensor row) => _pending.Add((step, skipped, row.DetachFromDisposeScope()));

    /// <summary>Reads every pending step's metrics with one host read and appends them to <see cref="History"/>.</summary>
    /// <exception cref="TrainingDivergedException">A pending step had a non-finite loss or gradient.</exception>
    private void FlushMetrics()
    {
        if (_pending.Count == 0) return;
        float[] values;
        using (var scope = NewDisposeScope()) values = HostReads.Floats(stack(_pending.Select(p => p.Row).ToArray()));
        AverageOverRanks(values);
        int width = values.Length / _pending.Count;
        var rows = _pending.ToArray();
        DiscardPending();
        for (int i = 0; i < rows.Length; i++)
        {
            var v = values.AsSpan(i * width, width);
            double dLoss = v[DLossColumn], gLoss = v[GLossColumn], penalty = v[PenaltyColumn];
            string? detail =
                v[DLossFiniteColumn] == 0 ? LossDetail("discriminator", dLoss, penalty)
                : v[DGradientsFiniteColumn] == 0 ? GradientDetail("discriminator", dLoss)
                : v[GLossFiniteColumn] == 0 ? LossDetail("generator", gLoss, 0)
                : v[GGradientsFiniteColumn] == 0 ? GradientDetail("generator", gLoss)
                : null;
            if (detail is not null)
            {
                // The weights are those after the last healthy step; the discriminator updates of the failing step
                // before a generator failure were applied, as they were finite.
                Step = rows[i].Step - 1;
                TrainerLog.Diverged(_logger, rows[i].Step, detail);
                throw new TrainingDivergedException(rows[i].Step, detail);
            }

            _history.Add(new StepMetrics(rows[i].Step, dLoss, gLoss, v[RealColumn], v[FakeColumn], penalty, rows[i].Skipped));
        }
    }

    private static string LossDetail(string player, double loss, double penalty) =>
        $"the {player} loss is {loss}{(penalty != 0 ? $" (penalty {penalty})" : "")}; no weights were updated with it. " +
        "Lower the learning rates, add gradient clipping or a gradient penalty, or roll back with OnDivergence(RollBackToCheckpoint).";

    private static string GradientDetail(string player, double loss) =>
        $"the {player}'s gradients are NaN or infinite although its loss is {loss}; no weights were updated with them. " +
        "Lower the learning rates, add gradient clipping or a gradient penalty, or roll back with OnDivergence(RollBackToCheckpoint).";

    /// <summary>
    /// Backpropagates <paramref name="loss"/> and applies the optimizer only where everything is finite, without a
    /// host read: non-finite gradients are zeroed (so the optimizer's moments stay finite) and the weights are put
    /// back when the loss or any gradient was non-finite, or an earlier step of this batch of pending steps was.
    /// </summary>
    /// <returns>(loss finite, gradients finite) as float flags on the device.</returns>
    private (Tensor LossFinite, Tensor GradientsFinite) GuardedUpdate(OptimizerHelper optimizer, IReadOnlyList<Parameter> parameters, Tensor loss, Tensor adversarial)
    {
        var device = loss.device;
        optimizer.zero_grad();
        loss.backward();
        _parallel?.AverageGradients(parameters);
        using var noGrad = no_grad();
        var lossFinite = adversarial.isfinite().logical_and(loss.isfinite());
        // Every rank must take the same decision; data parallelism reads to the host at every step anyway.
        if (_parallel is not null) lossFinite = tensor(!AnyRank(!HostReads.Item<bool>(lossFinite)), device: device);
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToArray();
        // A NaN or ±Inf anywhere makes its gradient's sum non-finite (see the note on overflow in EnsureFiniteGradients' history).
        var gradientsFinite = grads.Length == 0 ? ones(1, dtype: ScalarType.Bool, device: device).squeeze() : stack(grads.Select(g => g.sum()).ToArray()).isfinite().all();
        var ok = lossFinite.logical_and(gradientsFinite).logical_and(Healthy(device));
        var bad = ok.logical_not();
        foreach (var g in grads) g.masked_fill_(bad, 0);
        var before = parameters.Select(p => p.detach().clone()).ToArray();
        Clip(parameters);
        optimizer.step();
        for (int i = 0; i < parameters.Count; i++) parameters[i].detach().copy_(where(ok, parameters[i].detach(), before[i]));
        _healthy!.copy_(ok);
        return (lossFinite.to(ScalarType.Float32), gradientsFinite.to(ScalarType.Float32));
    }

    // Global-norm clipping as torch.nn.utils.clip_grad_norm_ does it, but on the device (TorchSharp's returns the norm
    // as a double, i.e. reads it to the host).
    private void Clip(IReadOnlyList<Parameter> parameters)
    {
        if (Options.MaxGradientNorm is not { } max) return;
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToArray();
        if (grads.Length == 0) return;
        using var scope = NewDisposeScope();
        var total = stack(grads.Select(g => g.norm()).ToArray()).norm();
        var coefficient = (max / (total + 1e-6)).clamp_max(1.0);
        foreach (var g in grads) g.mul_(coefficient);
    }
}
