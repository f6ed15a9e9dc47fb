#!/usr/bin/env bash
# Proves that `dotnet add package GanKit` works from the packages alone: packs GanKit and GanKit.StyleTransfer into a
# local folder, creates a brand-new console app in a temporary directory, adds the packages (plus TorchSharp-cpu),
# builds it and runs a few API calls: 20 training steps on ring-8, sampling, and a tiny stylization with the embedded
# ResNet18 (whose model file the app must find although GanKit's nupkg does not contain it).
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
using GanKit.Data;
using GanKit.Imaging;
using GanKit.Metrics;
using GanKit.Models;
using GanKit.StyleTransfer;
using GanKit.Training;

var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(2).UseMlp(32, 2).WithSeed(1).Build();
var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(32, 2).WithSeed(2).Build();
using var data = GaussianMixture.Ring8.CreateDataset(2000, seed: 1);
using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(64).WithSeed(1).Build();
var result = await trainer.TrainAsync(data, 20);
using var points = trainer.Sample(500, seed: 1);
var coverage = MixtureCoverage.Evaluate(points, GaussianMixture.Ring8);
Console.WriteLine($"trained {result.FinalStep} steps; samples {string.Join("x", points.shape)}; modes {coverage.ModesCaptured}/8");

TorchSharp.torch.manual_seed(1);
using var content = TorchSharp.torch.rand(3, 48, 64);
using var style = TorchSharp.torch.rand(3, 48, 64);
using var stylizer = StyleTransferOptimizer.CreateBuilder()          // embedded ResNet18: its file must be found
    .WithOptimizer(StyleOptimizers.Adam(steps: 3)).WithScales(1).WithMaxSize(64).Build();
using var stylized = await stylizer.StylizeAsync(content, style);
stylized.Image.SavePng("stylized.png");
Console.WriteLine($"stylized {string.Join("x", stylized.Image.shape)} with {stylizer.FeatureNetwork.Name}; loss {stylized.FinalLosses?.Total:G4}");
Console.WriteLine("CONSUMER OK");
CS

echo "[consumer] building and running a fresh app that references the packages"
dotnet build -c Release -nologo -v q
output=$(dotnet run -c Release --no-build)
echo "$output"
grep -q "CONSUMER OK" <<<"$output"
test -f stylized.png
test -f bin/Release/net10.0/DnnImageModels/ResNet18Onnx/ResNet18.onnx
echo "[consumer] ok: the packages work from a brand-new app"
