namespace GanKit.Features;

/// <summary>
/// The taps of <see cref="PretrainedFeatureNetworks.ResNet18(string?, TorchSharp.torch.Device?)"/>: the ReLU outputs after the stem and after each
/// residual stage of the ImageNet ResNet18 shipped in the <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> package
/// (exported from CNTK 2.6). Shapes are for a 224×224 input; every stage halves the resolution (rounding up).
/// </summary>
public static class ResNet18Taps
{
    /// <summary>After the 7×7/2 stem convolution, batch norm and ReLU (before max pooling): 64 channels at 1/2 size, [N,64,112,112]. ONNX value <c>ReLU253_Output_0</c>.</summary>
    public const string Stem = "stem";

    /// <summary>After residual stage 1 (two basic blocks, 64 channels at 1/4 size), [N,64,56,56]. ONNX value <c>ReLU283_Output_0</c>.</summary>
    public const string Stage1 = "stage1";

    /// <summary>After residual stage 2 (128 channels at 1/8 size), [N,128,28,28]. ONNX value <c>ReLU315_Output_0</c>.</summary>
    public const string Stage2 = "stage2";

    /// <summary>After residual stage 3 (256 channels at 1/16 size), [N,256,14,14]. ONNX value <c>ReLU347_Output_0</c>.</summary>
    public const string Stage3 = "stage3";

    /// <summary>After residual stage 4 (512 channels at 1/32 size), [N,512,7,7]. ONNX value <c>ReLU393_Output_0</c>.</summary>
    public const string Stage4 = "stage4";

    /// <summary>Every tap with the ONNX value it reads, in forward order.</summary>
    internal static readonly (string Tap, string OnnxValue)[] OnnxValues =
    [
        (Stem, "ReLU253_Output_0"),
        (Stage1, "ReLU283_Output_0"),
        (Stage2, "ReLU315_Output_0"),
        (Stage3, "ReLU347_Output_0"),
        (Stage4, "ReLU393_Output_0"),
    ];
}
