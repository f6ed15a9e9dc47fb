using System.Diagnostics;
using GanKit.Features;
using GanKit.Tests.TestSupport;
using Xunit.Abstractions;

namespace GanKit.Tests.Features;

/// <summary>Finding, reading and caching the ResNet18 ONNX file.</summary>
public sealed class ResNet18LoadingTests(ITestOutputHelper output)
{
    private static readonly string RealModel = PretrainedFeatureNetworks.FindResNet18Model();

    [Fact]
    public void A_missing_explicit_path_names_that_path()
    {
        var act = () => PretrainedFeatureNetworks.ResNet18("/nonexistent/ResNet18.onnx");
        act.Should().Throw<PretrainedModelNotFoundException>()
            .Which.SearchedLocations.Should().ContainSingle().Which.Should().Contain("/nonexistent/ResNet18.onnx");
    }

    [Fact]
    public void When_nothing_is_found_every_place_searched_is_listed_with_the_fix()
    {
        using var temp = new TempDirectory();
        var act = () => ResNet18ModelLocator.Resolve(null, _ => null, temp.File("app"), temp.File("home"));
        var ex = act.Should().Throw<PretrainedModelNotFoundException>().Which;
        ex.SearchedLocations.Should().HaveCount(3);
        ex.Message.Should().Contain("GANKIT_RESNET18_ONNX").And.Contain(Path.Combine(temp.File("app"), "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx"))
            .And.Contain(Path.Combine(temp.File("home"), ".nuget", "packages", "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1"))
            .And.Contain("dotnet add package Microsoft.ML.DnnImageFeaturizer.ResNet18").And.Contain("never downloads");
        ex.Should().BeAssignableTo<GanKitException>();
    }

    [Fact]
    public void The_search_order_is_argument_environment_application_folder_then_nuget_folders()
    {
        using var temp = new TempDirectory();
        string Place(string folder)
        {
            var path = Path.Combine(temp.Path, folder, "ResNet18.onnx");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "x");
            return path;
        }

        var explicitPath = Place("explicit");
        var fromEnv = Place("env");
        var app = Path.Combine(temp.Path, "app");
        var inApp = Place(Path.Combine("app", "DnnImageModels", "ResNet18Onnx"));
        var nugetRoot = Path.Combine(temp.Path, "nuget");
        var inNuget = Place(Path.Combine("nuget", "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels", "ResNet18Onnx"));
        var home = Path.Combine(temp.Path, "home");
        var inHome = Place(Path.Combine("home", ".nuget", "packages", "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels", "ResNet18Onnx"));
        var env = new Dictionary<string, string?> { ["GANKIT_RESNET18_ONNX"] = fromEnv, ["NUGET_PACKAGES"] = nugetRoot };

        ResNet18ModelLocator.Resolve(explicitPath, k => env.GetValueOrDefault(k), app, home).Should().Be(explicitPath);
        ResNet18ModelLocator.Resolve(null, k => env.GetValueOrDefault(k), app, home).Should().Be(fromEnv);
        env.Remove("GANKIT_RESNET18_ONNX");
        ResNet18ModelLocator.Resolve(null, k => env.GetValueOrDefault(k), app, home).Should().Be(inApp);
        File.Delete(inApp);
        ResNet18ModelLocator.Resolve(null, k => env.GetValueOrDefault(k), app, home).Should().Be(inNuget);
        File.Delete(inNuget);
        ResNet18ModelLocator.Resolve(null, k => env.GetValueOrDefault(k), app, home).Should().Be(inHome);

        env["GANKIT_RESNET18_ONNX"] = Path.Combine(temp.Path, "typo.onnx"); // an explicit choice is never silently replaced
        var act = () => ResNet18ModelLocator.Resolve(null, k => env.GetValueOrDefault(k), app, home);
        act.Should().Throw<PretrainedModelNotFoundException>().WithMessage("*GANKIT_RESNET18_ONNX*typo.onnx*");
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("truncated")]
    [InlineData("garbage")]
    [InlineData("other-onnx")]
    public void A_corrupt_or_wrong_file_gives_a_clear_error(string kind)
    {
        using var temp = new TempDirectory();
        var path = temp.File("ResNet18.onnx");
        switch (kind)
        {
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "truncated":
                using (var source = File.OpenRead(RealModel))
                {
                    var head = new byte[1_000_000];
                    source.ReadExactly(head);
                    File.WriteAllBytes(path, head);
                }

                break;
            case "garbage":
                File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
                break;
            case "other-onnx":
                File.Copy(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(RealModel)!)!, "ResNetPrepOnnx", "ResNetPreprocess.onnx"), path);
                break;
        }

        var act = () => PretrainedFeatureNetworks.ResNet18(path);
        var ex = act.Should().Throw<FeatureNetworkException>().Which;
        ex.Message.Should().Contain(path);
        output.WriteLine($"{kind}: {ex.Message}");
    }

    [Fact]
    public void A_second_load_in_the_process_reuses_the_weights()
    {
        ResNet18Weights.ClearCache();
        var first = Stopwatch.StartNew();
        using (var network = PretrainedFeatureNetworks.ResNet18(RealModel)) first.Stop();
        var second = Stopwatch.StartNew();
        using (var network = PretrainedFeatureNetworks.ResNet18(RealModel)) second.Stop();
        output.WriteLine($"first load {first.ElapsedMilliseconds} ms, second load {second.ElapsedMilliseconds} ms");

        ResNet18Weights.Get(RealModel).Should().BeSameAs(ResNet18Weights.Get(RealModel));
        second.Elapsed.Should().BeLessThan(first.Elapsed);
    }

    [Fact]
    public void Networks_share_weights_yet_disposing_one_leaves_the_others_working()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var a = PretrainedFeatureNetworks.ResNet18(RealModel);
        using var b = PretrainedFeatureNetworks.ResNet18(RealModel);
        var images = TorchSharp.torch.rand(1, 3, 64, 64);
        var before = b.ExtractPooled(images);
        a.Dispose();
        var after = b.ExtractPooled(images);
        after.allclose(before, 0, 0).Should().BeTrue();
        var act = () => a.ExtractPooled(images);
        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void A_network_created_inside_a_dispose_scope_outlives_it()
    {
        IFeatureNetwork network;
        using (TorchSharp.torch.NewDisposeScope()) network = PretrainedFeatureNetworks.ResNet18(RealModel);
        using (network)
        using (var images = TorchSharp.torch.rand(1, 3, 64, 64))
        using (var pooled = network.ExtractPooled(images))
        {
            pooled.shape.Should().Equal(1, 512);
        }
    }
}
