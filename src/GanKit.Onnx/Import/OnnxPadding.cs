using static TorchSharp.torch;

namespace GanKit.Onnx;

/// <summary>How a convolution or pooling node pads its input: fixed ONNX pads, or "same" padding recomputed for each input size.</summary>
internal enum OnnxPaddingMode
{
    /// <summary>Fixed pads, applied whatever the input size.</summary>
    Explicit,

    /// <summary>
    /// "Same" padding (output = ceil(input / stride)) with the odd pixel at the start (ONNX <c>SAME_LOWER</c>, CNTK's convention).
    /// </summary>
    SameLower,

    /// <summary>"Same" padding with the odd pixel at the end (ONNX <c>SAME_UPPER</c>, TensorFlow's convention).</summary>
    SameUpper,
}

/// <summary>
/// The padding of one 2-D convolution or pooling node. CNTK exports its "same" padding as fixed, asymmetric ONNX pads
/// computed for the 224×224 input it was exported at; applied unchanged at other sizes they break the residual Adds.
/// The converter therefore recognises fixed pads that equal SAME_LOWER at the declared input size and recomputes them
/// for each actual input size.
/// </summary>
/// <param name="Mode">Fixed or recomputed.</param>
/// <param name="Pads">The fixed pads in ONNX order [top, left, bottom, right] (used in <see cref="OnnxPaddingMode.Explicit"/> mode).</param>
internal sealed record OnnxPadding(OnnxPaddingMode Mode, long[] Pads)
{
    /// <summary>The pads [top, left, bottom, right] for an input of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public long[] For(long height, long width, long[] kernel, long[] strides, long[] dilations)
    {
        if (Mode == OnnxPaddingMode.Explicit) return Pads;
        var (top, bottom) = Same(height, kernel[0], strides[0], dilations[0], Mode == OnnxPaddingMode.SameLower);
        var (left, right) = Same(width, kernel[1], strides[1], dilations[1], Mode == OnnxPaddingMode.SameLower);
        return [top, left, bottom, right];
    }

    /// <summary>Pads <paramref name="x"/> <c>[N,C,H,W]</c> with <paramref name="value"/>, or returns it unchanged when no padding is needed.</summary>
    public Tensor Apply(Tensor x, long[] kernel, long[] strides, long[] dilations, double value)
    {
        var p = For(x.shape[2], x.shape[3], kernel, strides, dilations);
        if (p.All(v => v == 0)) return x;

        // torch orders pads from the last dimension: (left, right, top, bottom).
        return nn.functional.pad(x, [p[1], p[3], p[0], p[2]], TorchSharp.PaddingModes.Constant, value);
    }

    /// <summary>"Same" padding for one dimension: the total is split with the larger half at the start (lower) or end.</summary>
    public static (long Begin, long End) Same(long input, long kernel, long stride, long dilation, bool lower)
    {
        var effectiveKernel = (kernel - 1) * dilation + 1;
        var output = (input + stride - 1) / stride;
        var total = Math.Max((output - 1) * stride + effectiveKernel - input, 0);
        var small = total / 2;
        return lower ? (total - small, small) : (small, total - small);
    }

    /// <summary>
    /// Chooses the padding for a node from its <c>auto_pad</c> and <c>pads</c> attributes; <paramref name="inputSize"/> is the node's
    /// input size at the graph's declared input size, when known.
    /// </summary>
    public static OnnxPadding FromNode(string autoPad, IReadOnlyList<long> pads, long[] kernel, long[] strides, long[] dilations,
        (long Height, long Width)? inputSize)
    {
        switch (autoPad)
        {
            case "SAME_LOWER": return new OnnxPadding(OnnxPaddingMode.SameLower, [0, 0, 0, 0]);
            case "SAME_UPPER": return new OnnxPadding(OnnxPaddingMode.SameUpper, [0, 0, 0, 0]);
            case "VALID": return new OnnxPadding(OnnxPaddingMode.Explicit, [0, 0, 0, 0]);
        }

        var fixedPads = pads.Count == 4 ? pads.ToArray() : [0L, 0, 0, 0];
        var isAsymmetric = fixedPads[0] != fixedPads[2] || fixedPads[1] != fixedPads[3];
        if (isAsymmetric && inputSize is { } size)
        {
            // Asymmetric pads that equal SAME_LOWER at the declared size are exported "same" padding (CNTK). Symmetric pads
            // (PyTorch exports, or "same" on a stride-1 kernel, which is symmetric at every size) are kept as they are.
            var lower = new OnnxPadding(OnnxPaddingMode.SameLower, fixedPads).For(size.Height, size.Width, kernel, strides, dilations);
            if (lower.SequenceEqual(fixedPads)) return new OnnxPadding(OnnxPaddingMode.SameLower, fixedPads);
        }

        return new OnnxPadding(OnnxPaddingMode.Explicit, fixedPads);
    }
}
