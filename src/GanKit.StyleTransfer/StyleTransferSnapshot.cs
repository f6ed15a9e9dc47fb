using static TorchSharp.torch;

namespace GanKit.StyleTransfer;

/// <summary>
/// The image a run reached at the end of one scale, sent to a <c>progress</c> argument that also implements
/// <see cref="IProgress{T}"/> of this type (e.g. <see cref="StyleTransferTensorBoard"/>).
/// </summary>
/// <param name="Scale">The scale just finished, from 1 (coarsest).</param>
/// <param name="ScaleCount">How many scales the run has.</param>
/// <param name="Reports">
/// The iteration reports of the run so far, i.e. the entries of <see cref="StyleTransferResult.History"/> (every scale
/// reports its starting point as iteration 0, then each iteration).
/// </param>
/// <param name="Image">
/// RGB <c>[3,h,w]</c> in [0, 1] on the CPU, at this scale's size, before the run's final colour transfer. It is disposed
/// when <see cref="IProgress{T}.Report"/> returns: clone it to keep it.
/// </param>
public sealed record StyleTransferSnapshot(int Scale, int ScaleCount, int Reports, Tensor Image);
