using GanKit.Features;
using Microsoft.ML.OnnxRuntime;

namespace GanKit.Tests.Features.Support;

/// <summary>Loads ResNet18 once for a test class, and builds ONNX Runtime sessions on the same file on demand.</summary>
public sealed class ResNet18Fixture : IDisposable
{
    public ResNet18Fixture()
    {
        ModelPath = PretrainedFeatureNetworks.FindResNet18Model();
        Network = PretrainedFeatureNetworks.ResNet18(ModelPath);
    }

    public string ModelPath { get; }

    /// <summary>
    /// The package's preprocessing graph (ResNetPrepOnnx/ResNetPreprocess.onnx), or null when it is nowhere to be found. GanKit
    /// copies only ResNet18.onnx next to apps, so beside the model it is found only when the model came from the NuGet folder;
    /// otherwise the NuGet packages folder is searched the way the model locator does.
    /// </summary>
    public string? PreprocessingModelPath => PreprocessingCandidates().FirstOrDefault(File.Exists);

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

    /// <summary>Where <see cref="PreprocessingModelPath"/> looks, in order.</summary>
    public IEnumerable<string> PreprocessingCandidates()
    {
        var relative = Path.Combine("ResNetPrepOnnx", "ResNetPreprocess.onnx");
        yield return Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(ModelPath)!)!, relative);
        var inPackage = Path.Combine("microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels", relative);
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } root) yield return Path.Combine(root, inPackage);
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", inPackage);
    }

    public void Dispose() => Network.Dispose();
}
