#!/usr/bin/env bash
# Proves that `dotnet add package GanKit` works from the packages alone: packs GanKit and GanKit.StyleTransfer into a
# local folder, creates a brand-new console app in a temporary directory, adds the packages (plus TorchSharp-cpu),
# builds it and runs a few API calls: 20 training steps on ring-8, sampling, the app's own generator/critic modules
# trained through GanTrainer with EMA, R1, a checkpoint and a resume (then loaded back through a factory), and a tiny
# stylization with the embedded ResNet18 (whose model file the app must find although GanKit's nupkg does not contain it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d /tmp/gankit-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT
# A version of its own, so the NuGet cache can never serve a stale package of an earlier check.
version="0.1.0-consumer.$(date +%s)"
feed="$work/feed"

echo "[consumer] packing GanKit $version"
dotnet pack src/GanKit/GanKit.csproj -c Release -o "$feed" -p:Version="$version" -nologo -v q
dotnet pack src/GanKit.StyleTransfer/GanKit.StyleTransfer.csproj -c Release -o "$feed" -p:Version="$version" -nologo -v q
ls "$feed"

app="$work/ConsumerApp"
mkdir -p "$app"
cd "$app"
dotnet new console -n ConsumerApp -o . --framework net10.0 >/dev/null
dotnet add package GanKit --version "$version" --source "$feed" >/dev/null
dotnet add package GanKit.StyleTransfer --version "$version" --source "$feed" >/dev/null
torch_version=$(sed -n 's/.*PackageVersion Include="TorchSharp-cpu" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")
dotnet add package TorchSharp-cpu --version "$torch_version" >/dev/null

cat > Program.cs <<'CS'
using GanKit.Checkpoints;
using GanKit.Data;
using GanKit.Imaging;
using GanKit.Metrics;
using GanKit.Models;
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
    .WithOptimizer(StyleOptimizers.Adam(steps: 3)).WithScales(1).WithMaxSize(64).Build();
using var stylized = await stylizer.StylizeAsync(content, style);
stylized.Image.SavePng("stylized.png");
Console.WriteLine($"stylized {string.Join("x", stylized.Image.shape)} with {stylizer.FeatureNetwork.Name}; loss {stylized.FinalLosses?.Total:G4}");
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
echo "[consumer] ok: the packages work from a brand-new app"
