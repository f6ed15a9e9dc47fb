using System.CommandLine;
using System.Globalization;
using GanKit.Cli.Hosting;
using GanKit.Cli.Runs;
using GanKit.Features;
using GanKit.Imaging;
using GanKit.StyleTransfer;
using Spectre.Console;
using static TorchSharp.torch;

namespace GanKit.Cli.Commands;

internal static class StylizeCommand
{
    private static readonly Option<string> Content = new("--content") { Description = "The content image.", Required = true };
    private static readonly Option<string[]> Style = new("--style") { Description = "A style image, optionally FILE:WEIGHT; repeat to blend.", Required = true, AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string> Out = new("--out") { Description = "The PNG to write.", Required = true };
    private static readonly Option<int?> Size = new("--size") { Description = "The longer side of the result in pixels." };
    private static readonly Option<int?> Iterations = new("--iterations") { Description = "Optimizer iterations per scale (default: the library preset's per-scale schedule for L-BFGS, 500 for Adam)." };
    private static readonly Option<string> Optimizer = new("--optimizer") { Description = "lbfgs | adam", DefaultValueFactory = _ => "lbfgs" };
    private static readonly Option<string> Init = new("--init") { Description = "content | noise | style", DefaultValueFactory = _ => "content" };
    private static readonly Option<double?> ContentWeight = new("--content-weight") { Description = "Content loss weight." };
    private static readonly Option<double?> StyleWeight = new("--style-weight") { Description = "Style loss weight." };
    private static readonly Option<double?> TvWeight = new("--tv-weight") { Description = "Total-variation weight." };
    private static readonly Option<string> PreserveColors = new("--preserve-colors") { Description = "luminance | histogram | none", DefaultValueFactory = _ => "none" };
    private static readonly Option<int?> Scales = new("--scales") { Description = "Coarse-to-fine scales." };
    private static readonly Option<string> Network = new("--network") { Description = "resnet18 | vgg19:WEIGHTS | vgg16:WEIGHTS", DefaultValueFactory = _ => "resnet18" };
    private static readonly Option<long> Seed = new("--seed") { Description = "Seed (noise init).", DefaultValueFactory = _ => 0 };
    private static readonly Option<string?> TensorBoard = new("--tensorboard")
    {
        Description = "Also write TensorBoard event files into this folder: the losses of every iteration and the image of every scale.",
    };
    private static readonly Option<bool> Json = JsonResult.CreateOption();

    public static Command Create()
    {
        var command = new Command("stylize", "Neural style transfer: paint the content image in the style of one or more style images.")
        {
            Content, Style, Out, Size, Iterations, Optimizer, Init, ContentWeight, StyleWeight, TvWeight, PreserveColors, Scales, Network, Seed, TensorBoard, Json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var content = parse.GetValue(Content)!;
            OptionParsing.FileExists(content, "--content");
            var styles = parse.GetValue(Style)!.Select(ParseStyle).ToArray();
            var builder = StyleTransferOptimizer.CreateBuilder()
                .WithFeatureNetwork(CreateNetwork(parse.GetValue(Network)!), ownsNetwork: true)
                .InitializeFrom(OptionParsing.Enum<StyleInit>(parse.GetValue(Init)!, "--init"))
                .PreserveColors(ParseColors(parse.GetValue(PreserveColors)!))
                .WithSeed(parse.GetValue(Seed))
                .WithWeights(parse.GetValue(ContentWeight), parse.GetValue(StyleWeight), parse.GetValue(TvWeight));
            var optimizer = parse.GetValue(Optimizer)!.ToLowerInvariant() switch
            {
                // Without --iterations L-BFGS keeps the library's preset (its per-scale iteration schedule included).
                "lbfgs" => parse.GetValue(Iterations) is { } n ? ImageMinimizers.Lbfgs(n) : null,
                "adam" => (MinimizerSettings)ImageMinimizers.Adam(steps: parse.GetValue(Iterations) ?? 500),
                var other => throw new UserErrorException($"--optimizer '{other}' is not one of lbfgs, adam."),
            };
            if (optimizer is not null) builder = builder.WithOptimizer(optimizer);
            if (parse.GetValue(Size) is { } size) builder = builder.WithMaxSize(size);
            if (parse.GetValue(Scales) is { } scales) builder = builder.WithScales(scales);

            var outPath = parse.GetValue(Out)!;
            OptionParsing.OutputFile(outPath, "--out");
            var tensorBoard = parse.GetValue(TensorBoard);
            if (tensorBoard is not null) OptionParsing.OutputFolder(tensorBoard, "--tensorboard");
            using var stylizer = builder.Build();
            var loaded = new List<Tensor>();
            try
            {
                // Read here rather than by the library's path overload: the tensor overload documents what it rejects.
                var contentImage = ImageReader.Load(content, stylizer.Options.ImageLoadOptions);
                loaded.Add(contentImage);
                var styleImages = new List<(Tensor Image, double Weight)>();
                foreach (var (path, weight) in styles)
                {
                    var image = ImageReader.Load(path, stylizer.Options.ImageLoadOptions);
                    loaded.Add(image);
                    styleImages.Add((image, weight));
                }

                bool json = parse.GetValue(Json);
                using var result = await StylizeRunner.RunAsync(stylizer, contentImage, styleImages, outPath, cancellationToken, showProgress: !json,
                    tensorBoardDirectory: tensorBoard);
                if (json)
                    JsonResult.Print(new
                    {
                        output = Path.GetFullPath(outPath), width = result.Image.shape[2], height = result.Image.shape[1],
                        cancelled = result.StoppedEarly, scales = result.Scales.Count, iterations = result.Iterations,
                        functionEvaluations = result.FunctionEvaluations, seconds = result.Elapsed.TotalSeconds, losses = result.FinalLosses is { } l
                            ? new { content = l.Content, style = l.Style, totalVariation = l.TotalVariation, other = l.Other, total = l.Total }
                            : null,
                    });
            }
            catch (ArgumentException ex) when (ImageProblem(ex, content, styles) is { } problem)
            {
                throw new UserErrorException(problem, ex);
            }
            finally
            {
                foreach (var image in loaded) image.Dispose();
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The user's message for an image the stylizer rejects, or null when the exception is not about an input image.
    /// The tensor overload documents ArgumentException for an image of the wrong shape, out of [0, 1], or too small, and for
    /// bad weights. ImageReader's tensors have the right shape and range and the weights were checked above, so what is left
    /// is an image too small (or shrunk too small by --size): the user's file. It is recognized by the parameter the
    /// library names (the image's role); any other ArgumentException is a GanKit bug and stays one.
    /// </summary>
    private static string? ImageProblem(ArgumentException ex, string content, IReadOnlyList<(string Path, double Weight)> styles)
    {
        var sentence = ArgumentMessages.Sentence(ex);
        if (ex.ParamName == "content") return $"--content '{content}': {sentence} Use a larger image.";
        if (ex.ParamName == "contentImage") return $"--content '{content}': {sentence} Raise --size or crop the image to a less elongated shape.";
        if (ex.ParamName?.StartsWith("style ", StringComparison.Ordinal) == true
            && int.TryParse(ex.ParamName.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 1 && i <= styles.Count)
            return $"--style '{styles[i - 1].Path}': {sentence} Use a larger image.";
        return null;
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
        if (value.Equals("resnet18", StringComparison.OrdinalIgnoreCase)) return PretrainedFeatureNetworks.ResNet18();
        var parts = value.Split(':', 2);
        if (parts.Length == 2 && parts[0].Equals("vgg19", StringComparison.OrdinalIgnoreCase)) { OptionParsing.FileExists(parts[1], "--network vgg19"); return PretrainedFeatureNetworks.Vgg19(parts[1]); }
        if (parts.Length == 2 && parts[0].Equals("vgg16", StringComparison.OrdinalIgnoreCase)) { OptionParsing.FileExists(parts[1], "--network vgg16"); return PretrainedFeatureNetworks.Vgg16(parts[1]); }
        throw new UserErrorException($"--network '{value}' is not one of resnet18, vgg19:WEIGHTS, vgg16:WEIGHTS.");
    }
}
