#!/usr/bin/env bash
# Proves that `dotnet add package GanKit` works from the packages alone: packs GanKit, GanKit.Onnx, GanKit.Features and
# GanKit.StyleTransfer into a local folder, creates a brand-new console app in a temporary directory, adds the packages (plus TorchSharp-cpu),
# builds it and runs a few API calls: 20 training steps on ring-8, sampling, the app's own generator/critic modules
# trained through GanTrainer with EMA, R1, a checkpoint and a resume (then loaded back through a factory), and a tiny
# stylization with the embedded ResNet18 (whose model file the app must find although no GanKit nupkg contains it; it
# comes through GanKit.StyleTransfer → GanKit.Features) and an ONNX export of a generator. A second new app with only
# ONNX Runtime and SkiaSharp (samples/OnnxSampler's code) samples that export, and its output must hold no TorchSharp.
# The GanKit package itself must not depend on the pretrained-model, PyBridge or ONNX packages.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d /tmp/gankit-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT
# A version of its own, so the NuGet cache can never serve a stale package of an earlier check.
version="0.1.0-consumer.$(date +%s)"
feed="$work/feed"

echo "[consumer] packing GanKit $version"
for project in GanKit GanKit.Onnx GanKit.Features GanKit.StyleTransfer; do
  dotnet pack "src/$project/$project.csproj" -c Release -o "$feed" -p:Version="$version" -nologo -v q
done
ls "$feed"

# `dotnet add package GanKit` alone is the GAN quick start: it must not bring the ResNet18 model, PyBridge or the ONNX converter.
# (Google.Protobuf is listed: TorchSharp itself depends on it, and central transitive pinning names the pinned version.)
gankit_deps=$(unzip -p "$feed/GanKit.$version.nupkg" GanKit.nuspec | grep -o 'dependency id="[^"]*"' | sort -u)
echo "$gankit_deps"
if grep -Eiq 'DnnImageFeaturizer|PyBridge|OnnxSharp|OnnxRuntime' <<<"$gankit_deps"; then
  echo "[consumer] FAIL: the GanKit package depends on a pretrained model, PyBridge or ONNX packages" >&2
  exit 1
fi

app="$work/ConsumerApp"
mkdir -p "$app"
cd "$app"
dotnet new console -n ConsumerApp -o . --framework net10.0 >/dev/null
dotnet add package GanKit --version "$version" --source "$feed" >/dev/null
dotnet add package GanKit.StyleTransfer --version "$version" --source "$feed" >/dev/null
dotnet add package GanKit.Onnx --version "$version" --source "$feed" >/dev/null
torch_version=$(sed -n 's/.*PackageVersion Include="TorchSharp-cpu" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")
dotnet add package TorchSharp-cpu --version "$torch_version" >/dev/null

cat > Program.cs <<'CS'
using GanKit.Checkpoints;
using GanKit.Data;
using GanKit.Imaging;
using GanKit.Metrics;
using GanKit.Models;
using GanKit.Onnx;
using GanKit.StyleTransfer;
using GanKit.Training;
using TorchSharp;
using Tensor = TorchSharp.torch.Tensor;

using var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(2).UseMlp(32, 2).WithSeed(1).Build();   // yours to dispose
using var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(32, 2).WithSeed(2).Build();
using var data = GaussianMixture.Ring8.CreateDataset(2000, seed: 1);
using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(64).WithSeed(1).Build();
var result = await trainer.TrainAsync(data, 20);
using var points = trainer.Sample(500, seed: 1);
var coverage = MixtureCoverage.Evaluate(points, GaussianMixture.Ring8);
Console.WriteLine($"trained {result.FinalStep} steps; samples {string.Join("x", points.shape)}; modes {coverage.ModesCaptured}/8");

// Bring your own networks: this app's own modules, trained 10 steps, checkpointed, then resumed to step 20.
var run = Path.Combine(Path.GetTempPath(), "gankit-consumer-run-" + Guid.NewGuid().ToString("N"));
GanTrainer TrainOwn() => GanTrainer.CreateBuilder(
        Generator.FromModule(new MyGenerator(), new GeneratorDescriptor(latentSize: 2, sampleShape: [2]), () => new MyGenerator(), ownsModule: true),
        Discriminator.FromModule(new MyCritic(), new DiscriminatorDescriptor(sampleShape: [2]), ownsModule: true))
    .WithBatchSize(64).WithSeed(1).WithEma(0.99).WithR1Penalty(0.1).WithCheckpoints(run, every: 10).Build();
using (var first = TrainOwn())
{
    await first.TrainAsync(data, 10);
    first.Generator.Dispose();
    first.Discriminator.Dispose();
}
using var own = TrainOwn();
var ownResult = await own.TrainAsync(data, 20);                  // resumes from step 10
if (ownResult.StepsRun != 10 || ownResult.FinalStep != 20) throw new InvalidOperationException($"resume failed: {ownResult}");
using var loaded = Checkpoint.LoadGenerator(run, () => new MyGenerator());
using var ownPoints = loaded.Generate(100);
Console.WriteLine($"own modules: resumed at step 10, trained to {ownResult.FinalStep}; samples {string.Join("x", ownPoints.shape)}");
own.Generator.Dispose();
own.Discriminator.Dispose();
Directory.Delete(run, recursive: true);

TorchSharp.torch.manual_seed(1);
using var content = TorchSharp.torch.rand(3, 48, 64);
using var style = TorchSharp.torch.rand(3, 48, 64);
using var stylizer = StyleTransferOptimizer.CreateBuilder()          // embedded ResNet18: its file must be found
    .WithOptimizer(ImageMinimizers.Adam(steps: 3)).WithScales(1).WithMaxSize(64).Build();
using var stylized = await stylizer.StylizeAsync(content, style);
stylized.Image.SavePng("stylized.png");
Console.WriteLine($"stylized {string.Join("x", stylized.Image.shape)} with {stylizer.FeatureNetwork.Name}; loss {stylized.FinalLosses?.Total:G4}");
// A conditional image generator exported to ONNX, for the libtorch-free sampler app below.
using (var imageGenerator = Generator.CreateBuilder().ForImages(1, 28, 28).WithLatentSize(16).UseDcgan(8).WithClasses(10).WithSeed(3).Build())
    OnnxExport.ExportGenerator(imageGenerator, "generator.onnx", new OnnxExportOptions { ClassNames = IdxFiles.FashionMnistClasses });
Console.WriteLine($"exported generator.onnx ({new FileInfo("generator.onnx").Length} bytes)");
Console.WriteLine("CONSUMER OK");

sealed class MyGenerator : torch.nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly TorchSharp.Modules.Linear hidden = torch.nn.Linear(2, 32);
    private readonly TorchSharp.Modules.Linear output = torch.nn.Linear(32, 2);

    public MyGenerator() : base(nameof(MyGenerator)) => RegisterComponents();

    public override Tensor forward(Tensor latent, Tensor? labels) => output.call(torch.nn.functional.relu(hidden.call(latent)));
}

sealed class MyCritic : torch.nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly GanKit.Models.Layers.SpectralNormLinear hidden = new(2, 32);
    private readonly GanKit.Models.Layers.SpectralNormLinear output = new(32, 1);

    public MyCritic() : base(nameof(MyCritic)) => RegisterComponents();

    public override Tensor forward(Tensor samples, Tensor? labels) =>
        output.call(torch.nn.functional.leaky_relu(hidden.call(samples), 0.2)).squeeze(1);
}
CS

echo "[consumer] building and running a fresh app that references the packages"
dotnet build -c Release -nologo -v q
output=$(dotnet run -c Release --no-build)
echo "$output"
grep -q "CONSUMER OK" <<<"$output"
grep -q "own modules: resumed at step 10, trained to 20" <<<"$output"
test -f stylized.png
test -f bin/Release/net10.0/DnnImageModels/ResNet18Onnx/ResNet18.onnx
test -f generator.onnx

# A second brand-new app with samples/OnnxSampler's code and only ONNX Runtime and SkiaSharp: it samples the generator
# exported above and must carry no TorchSharp assembly or libtorch library.
echo "[consumer] publishing the ONNX-only sampler"
sampler="$work/SamplerApp"
mkdir -p "$sampler"
cd "$sampler"
dotnet new console -n SamplerApp -o . --framework net10.0 >/dev/null
cp "$root/samples/OnnxSampler/Program.cs" Program.cs
for package in Microsoft.ML.OnnxRuntime SkiaSharp SkiaSharp.NativeAssets.Linux.NoDependencies; do
  package_version=$(sed -n "s/.*PackageVersion Include=\"$package\" Version=\"\([^\"]*\)\".*/\1/p" "$root/Directory.Packages.props")
  dotnet add package "$package" --version "$package_version" >/dev/null
done
dotnet publish -c Release -r linux-x64 --self-contained false -o "$sampler/out" -nologo -v q
dotnet "$sampler/out/SamplerApp.dll" "$app/generator.onnx" "$sampler/grid.png" --count 20 --class 7 | tee "$sampler/run.log"
grep -q "wrote 20 samples \[1,28,28\].*class 7 (Sneaker)" "$sampler/run.log"
test -s "$sampler/grid.png"
if find "$sampler/out" -iname '*torch*' | grep -q .; then
  echo "[consumer] FAIL: the ONNX-only sampler's output holds TorchSharp or libtorch files:" >&2
  find "$sampler/out" -iname '*torch*' >&2
  exit 1
fi
echo "[consumer] ONNX-only sampler: $(du -sh "$sampler/out" | cut -f1) published, no TorchSharp"
echo "[consumer] ok: the packages work from a brand-new app"
