namespace GanKit.Onnx;

/// <summary>One operation of a converted ONNX graph, in execution order.</summary>
/// <param name="Kind">What the step does.</param>
/// <param name="Inputs">The names of the values it reads (data inputs only; weights live in its module).</param>
/// <param name="Output">The name of the value it writes.</param>
/// <param name="ModuleKey">The key of its module in <see cref="OnnxGraphModule"/>'s layers, for <see cref="OnnxStepKind.Module"/> steps.</param>
internal sealed record OnnxStep(OnnxStepKind Kind, string[] Inputs, string Output, string? ModuleKey);

/// <summary>The kinds of step a converted graph executes.</summary>
internal enum OnnxStepKind
{
    /// <summary>Run a module (convolution, batch norm, pooling) on the single input.</summary>
    Module,

    /// <summary>Element-wise ReLU.</summary>
    Relu,

    /// <summary>Element-wise sum of two inputs.</summary>
    Add,
}
