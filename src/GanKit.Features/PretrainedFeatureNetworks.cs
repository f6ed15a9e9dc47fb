using GanKit.Runtime;
using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>
/// Creates the pretrained, frozen feature networks that style transfer and metrics read activations from. Nothing is ever
/// downloaded: ResNet18 comes from a NuGet package GanKit.Features depends on, VGG from a weights file you already have.
/// Any other module becomes a feature network with <see cref="FeatureNetworks.Custom"/> (in the core GanKit package).
/// </summary>
/// <remarks>
/// Every network takes RGB images <c>[N,3,H,W]</c> (or grayscale <c>[N,1,H,W]</c>) as float32 in [0, 1] on its
/// <see cref="IFeatureNetwork.Device"/> and applies its own preprocessing. A network may be used from several threads at once;
/// dispose it when done (ResNet18's weights stay cached in the process and are shared by every ResNet18 network).
/// </remarks>
public static class PretrainedFeatureNetworks
{
    /// <summary>
    /// The ImageNet ResNet18 from the <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> package (CNTK export), converted from ONNX.
    /// Taps (see <see cref="ResNet18Taps"/>): <c>stem</c>, <c>stage1</c> … <c>stage4</c>; content <c>stage2</c>; style all five;
    /// pooled features are the 512 channel means of <c>stage4</c>. Images must be at least 32×32; any larger size works.
    /// </summary>
    /// <param name="onnxPath">
    /// The path of <c>ResNet18.onnx</c>; null searches, in order, the <c>GANKIT_RESNET18_ONNX</c> environment variable,
    /// <c>DnnImageModels/ResNet18Onnx/ResNet18.onnx</c> under the application folder, and the NuGet global packages folder.
    /// </param>
    /// <param name="device">The device for the weights; null means the CPU.</param>
    /// <returns>A new network; the weights read from the file are cached for the rest of the process, so later calls are fast.</returns>
    /// <exception cref="PretrainedModelNotFoundException">The model file was not found; the message lists the places searched.</exception>
    /// <exception cref="FeatureNetworkException">The file is not a readable ONNX ResNet18.</exception>
    public static IFeatureNetwork ResNet18(string? onnxPath = null, Device? device = null)
    {
        TorchRuntime.EnsureLoaded();
        var path = ResNet18ModelLocator.Resolve(onnxPath);
        return new ResNet18FeatureNetwork(ResNet18Weights.Get(path), device ?? CPU);
    }

    /// <summary>Finds the ResNet18 ONNX file the way <see cref="ResNet18"/> does, without loading it (for diagnostics).</summary>
    /// <param name="onnxPath">An explicit path, or null to search the default places.</param>
    /// <returns>The full path of the file.</returns>
    /// <exception cref="PretrainedModelNotFoundException">The model file was not found; the message lists the places searched.</exception>
    public static string FindResNet18Model(string? onnxPath = null) => ResNet18ModelLocator.Resolve(onnxPath);

    /// <summary>
    /// VGG19 from torchvision-named weights (<c>features.N.weight</c>/<c>bias</c>) in a PyTorch state dict (<c>.pth</c>, saved by
    /// <c>torch.save</c>) or a safetensors file. Taps: <c>relu1_1</c> … <c>relu5_4</c>; content <c>relu4_2</c>; style
    /// <c>relu1_1</c>, <c>relu2_1</c>, <c>relu3_1</c>, <c>relu4_1</c>, <c>relu5_1</c>; pooled features: the 512 channel means of <c>relu5_4</c>.
    /// </summary>
    /// <param name="weightsPath">The weights file.</param>
    /// <param name="options">Preprocessing, pooling and device; null means torchvision preprocessing, max pooling, CPU.</param>
    /// <returns>A new network.</returns>
    /// <exception cref="FeatureNetworkException">The file is missing, unreadable, or does not hold VGG19 weights.</exception>
    public static IFeatureNetwork Vgg19(string weightsPath, VggOptions? options = null) => Vgg(VggArchitecture.Vgg19, weightsPath, options);

    /// <summary>
    /// VGG16 from torchvision-named weights, as <see cref="Vgg19"/>. Taps: <c>relu1_1</c> … <c>relu5_3</c>; the same content and style
    /// defaults; pooled features from <c>relu5_3</c>.
    /// </summary>
    /// <param name="weightsPath">The weights file (<c>.pth</c> or safetensors).</param>
    /// <param name="options">Preprocessing, pooling and device; null means torchvision preprocessing, max pooling, CPU.</param>
    /// <returns>A new network.</returns>
    /// <exception cref="FeatureNetworkException">The file is missing, unreadable, or does not hold VGG16 weights.</exception>
    public static IFeatureNetwork Vgg16(string weightsPath, VggOptions? options = null) => Vgg(VggArchitecture.Vgg16, weightsPath, options);

    /// <summary>
    /// VGG19 with random weights (torchvision's initialisation from <paramref name="seed"/>): the same shapes and cost as the
    /// pretrained network, for benchmarks and tests. Its features carry no meaning.
    /// </summary>
    /// <param name="seed">The seed; the same seed gives the same weights. The global torch generator is not touched.</param>
    /// <param name="options">Preprocessing, pooling and device.</param>
    /// <returns>A new network.</returns>
    public static IFeatureNetwork Vgg19Random(long seed, VggOptions? options = null) => VggRandom(VggArchitecture.Vgg19, seed, options);

    /// <summary>VGG16 with random weights, as <see cref="Vgg19Random"/>.</summary>
    /// <param name="seed">The seed; the same seed gives the same weights.</param>
    /// <param name="options">Preprocessing, pooling and device.</param>
    /// <returns>A new network.</returns>
    public static IFeatureNetwork Vgg16Random(long seed, VggOptions? options = null) => VggRandom(VggArchitecture.Vgg16, seed, options);

    private static VggFeatureNetwork Vgg(VggArchitecture architecture, string weightsPath, VggOptions? options)
    {
        ArgumentNullException.ThrowIfNull(weightsPath);
        TorchRuntime.EnsureLoaded();
        options ??= new VggOptions();
        var module = new VggModule(architecture, options.Pooling);
        try
        {
            VggWeightsFile.LoadInto(module, weightsPath);
            return new VggFeatureNetwork(module, options.Preprocessing, options.Device ?? CPU);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    private static VggFeatureNetwork VggRandom(VggArchitecture architecture, long seed, VggOptions? options)
    {
        TorchRuntime.EnsureLoaded();
        options ??= new VggOptions();
        var module = new VggModule(architecture, options.Pooling);
        module.InitializeRandom(seed);
        return new VggFeatureNetwork(module, options.Preprocessing, options.Device ?? CPU);
    }
}
