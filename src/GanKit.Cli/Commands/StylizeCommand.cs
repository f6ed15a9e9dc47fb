using System.CommandLine;
using System.Globalization;
using GanKit.Cli.Cli;
using GanKit.Cli.Runs;
using GanKit.Features;
using GanKit.Imaging;
using GanKit.StyleTransfer;
using Spectre.Console;

namespace GanKit.Cli.Commands;

internal static class StylizeCommand
{
    private static readonly Option<string> Content = new("--content") { Description = "The content image.", Required = true };
    private static readonly Option<string[]> Style = new("--style") { Description = "A style image, optionally FILE:WEIGHT; repeat to blend.", Required = true, AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string> Out = new("--out") { Description = "The PNG to write.", Required = true };
    private static readonly Option<int?> Size = new("--size") { Description = "The longer side of the result in pixels." };
    private static readonly Option<int?> Iterations = new("--iterations") { Description = "Optimizer iterations per scale." };
    private static readonly Option<string> Optimizer = new("--optimizer") { Description = "lbfgs | adam", DefaultValueFactory = _ => "lbfgs" };
    private static readonly Option<string> Init = new("--init") { Description = "content | noise | style", DefaultValueFactory = _ => "content" };
    private static readonly Option<double?> ContentWeight = new("--content-weight") { Description = "Content loss weight." };
    private static readonly Option<double?> StyleWeight = new("--style-weight") { Description = "Style loss weight." };
    private static readonly Option<double?> TvWeight = new("--tv-weight") { Description = "Total-variation weight." };
    private static readonly Option<string> PreserveColors = new("--preserve-colors") { Description = "luminance | histogram | none", DefaultValueFactory = _ => "none" };
    private static readonly Option<int?> Scales = new("--scales") { Description = "Coarse-to-fine scales." };
    private static readonly Option<string> Network = new("--network") { Description = "resnet18 | vgg19:WEIGHTS | vgg16:WEIGHTS", DefaultValueFactory = _ => "resnet18" };
    private static readonly Option<long> Seed = new("--seed") { Description = "Seed (noise init).", DefaultValueFactory = _ => 0 };

    public static Command Create()
    {
        var command = new Command("stylize", "Neural style transfer: paint the content image in the style of one or more style images.")
        {
            Content, Style, Out, Size, Iterations, Optimizer, Init, ContentWeight, StyleWeight, TvWeight, PreserveColors, Scales, Network, Seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var content = parse.GetValue(Content)!;
            OptionParsing.FileExists(content, "--content");
            var styles = parse.GetValue(Style)!.Select(ParseStyle).ToArray();
            var builder = StyleTransferOptimizer.CreateBuilder()
                .WithFeatureNetwork(CreateNetwork(parse.GetValue(Network)!))
                .InitializeFrom(OptionParsing.Enum<StyleInit>(parse.GetValue(Init)!, "--init"))
                .PreserveColors(ParseColors(parse.GetValue(PreserveColors)!))
                .WithSeed(parse.GetValue(Seed))
                .WithWeights(parse.GetValue(ContentWeight), parse.GetValue(StyleWeight), parse.GetValue(TvWeight));
            var optimizer = parse.GetValue(Optimizer)!.ToLowerInvariant() switch
            {
                "lbfgs" => (StyleOptimizer)StyleOptimizers.Lbfgs(parse.GetValue(Iterations) ?? 300),
                "adam" => StyleOptimizers.Adam(steps: parse.GetValue(Iterations) ?? 500),
                var other => throw new UserErrorException($"--optimizer '{other}' is not one of lbfgs, adam."),
            };
            builder = builder.WithOptimizer(optimizer);
            if (parse.GetValue(Size) is { } size) builder = builder.WithMaxSize(size);
            if (parse.GetValue(Scales) is { } scales) builder = builder.WithScales(scales);

            using var stylizer = builder.Build();
            var outPath = parse.GetValue(Out)!;
            await StylizeRunner.RunAsync(stylizer, content, styles, outPath, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static (string Path, double Weight) ParseStyle(string value)
    {
        // FILE:WEIGHT, where FILE itself may contain ':' (Windows drives): split at the last ':' only if a number follows.
        int colon = value.LastIndexOf(':');
        if (colon > 0 && double.TryParse(value[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
        {
            OptionParsing.Positive(weight, "--style weight");
            OptionParsing.FileExists(value[..colon], "--style");
            return (value[..colon], weight);
        }

        OptionParsing.FileExists(value, "--style");
        return (value, 1.0);
    }

    private static ColorPreservation ParseColors(string value) => value.ToLowerInvariant() switch
    {
        "luminance" => ColorPreservation.Luminance,
        "histogram" or "histogrammatch" or "histogram-match" => ColorPreservation.HistogramMatch,
        "none" => ColorPreservation.None,
        _ => throw new UserErrorException($"--preserve-colors '{value}' is not one of luminance, histogram, none."),
    };

    private static IFeatureNetwork CreateNetwork(string value)
    {
        if (value.Equals("resnet18", StringComparison.OrdinalIgnoreCase)) return FeatureNetworks.ResNet18();
        var parts = value.Split(':', 2);
        if (parts.Length == 2 && parts[0].Equals("vgg19", StringComparison.OrdinalIgnoreCase)) { OptionParsing.FileExists(parts[1], "--network vgg19"); return FeatureNetworks.Vgg19(parts[1]); }
        if (parts.Length == 2 && parts[0].Equals("vgg16", StringComparison.OrdinalIgnoreCase)) { OptionParsing.FileExists(parts[1], "--network vgg16"); return FeatureNetworks.Vgg16(parts[1]); }
        throw new UserErrorException($"--network '{value}' is not one of resnet18, vgg19:WEIGHTS, vgg16:WEIGHTS.");
    }
}
