using GanKit.Features;
using Microsoft.ML.OnnxRuntime;

namespace GanKit.Tests.Features.Support;

/// <summary>Loads ResNet18 once for a test class, and builds ONNX Runtime sessions on the same file on demand.</summary>
public sealed class ResNet18Fixture : IDisposable
{
    public ResNet18Fixture()
    {
        ModelPath = FeatureNetworks.FindResNet18Model();
        Network = FeatureNetworks.ResNet18(ModelPath);
    }

    public string ModelPath { get; }

    public IFeatureNetwork Network { get; }

    /// <summary>The ONNX values of the taps, in order, as the conversion names them.</summary>
    public static readonly string[] TapValues = ["ReLU253_Output_0", "ReLU283_Output_0", "ReLU315_Output_0", "ReLU347_Output_0", "ReLU393_Output_0"];

    /// <summary>An ONNX Runtime session on the original model that also outputs every tap, optionally with another declared input size.</summary>
    public InferenceSession OrtSession(int height = 224, int width = 224)
    {
        var bytes = File.ReadAllBytes(ModelPath);
        if (height != 224 || width != 224) bytes = OnnxModelEditor.WithInputSize(bytes, height, width);
        using var options = new SessionOptions { IntraOpNumThreads = 2, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        return new InferenceSession(OnnxModelEditor.WithExtraOutputs(bytes, TapValues), options);
    }

    public void Dispose() => Network.Dispose();
}
