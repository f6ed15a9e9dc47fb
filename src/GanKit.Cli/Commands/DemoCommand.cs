using System.CommandLine;
using GanKit.Cli.Hosting;
using GanKit.Cli.Demo;
using GanKit.Cli.Runs;
using GanKit.Data;
using GanKit.Imaging;
using GanKit.Runtime;
using GanKit.StyleTransfer;
using GanKit.Training;
using Spectre.Console;

namespace GanKit.Cli.Commands;

internal static class DemoCommand
{
    private static readonly Option<string> Out = new("--out") { Description = "Where to write the results.", DefaultValueFactory = _ => "gankit-demo" };
    private static readonly Option<long> Steps = new("--steps") { Description = "GAN training steps (0 = the default for the data).", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> StyleIterations = new("--style-iterations") { Description = "L-BFGS iterations per scale for the stylization.", DefaultValueFactory = _ => 60 };

    public static Command Create()
    {
        var command = new Command("demo", "Train a small GAN (Fashion-MNIST when installed, else ring-8), sample, evaluate, and stylize a bundled photo.")
        {
            Out, Steps, StyleIterations,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outDir = Path.GetFullPath(parse.GetValue(Out)!);
            OptionParsing.OutputFolder(outDir, "--out");
            Directory.CreateDirectory(outDir);
            bool verbose = parse.GetValue(CliApp.Verbose);
            var run = Path.Combine(outDir, "gan-run");
            if (Directory.Exists(run)) Directory.Delete(run, recursive: true);

            bool fashion = File.Exists(Path.Combine(IdxFiles.DebianFashionMnistDirectory, "train-images-idx3-ubyte.gz"));
            var settings = fashion
                ? new RunSettings { Data = "fashion-mnist", Model = "dcgan", Width = 32, Latent = 64, SampleEvery = 500, Trainer = DemoTrainer(64, 2e-4) with { EmaDecay = 0.999 } }
                : new RunSettings { Data = "ring8", Model = "mlp", Width = 128, Latent = 2, SampleEvery = 1000, Trainer = DemoTrainer(128, 1e-3) };
            long steps = parse.GetValue(Steps) is > 0 and var s ? s : fashion ? 3000 : 4000;

            AnsiConsole.MarkupLine($"[bold]1/3[/] Training a {(settings.Model == "dcgan" ? "DCGAN" : settings.Model.ToUpperInvariant() + " GAN")} on {(fashion ? "Fashion-MNIST" : "the ring of 8 Gaussians (install dataset-fashion-mnist for images)")} for {steps} steps");
            var result = await TrainRunner.RunAsync(settings, run, steps, ComputeDevice.Cpu, verbose, cancellationToken);

            AnsiConsole.MarkupLine("[bold]2/3[/] Evaluating the generator");
            using var generator = GanKit.Checkpoints.Checkpoint.LoadGenerator(Path.Combine(run, "checkpoints"));
            using var logging = ConsoleLogging.Create(verbose);
            var report = await RunEvaluator.EvaluateAsync(generator, DataSource.Parse(settings.Data), settings, fashion ? 2000 : 2500, 0, logging,
                showProgress: true, cancellationToken, useClassifier: false); // the metric classifier's first training takes minutes
            RunEvaluator.PrintTable(report);

            AnsiConsole.MarkupLine("[bold]3/3[/] Stylizing the bundled photograph with a procedurally painted style");
            using var content = DemoAssets.LoadContent();
            using var style = ProceduralStyle.Paint();
            style.SavePng(Path.Combine(outDir, "style.png"));
            using var stylizer = StyleTransferOptimizer.CreateBuilder()
                .WithOptimizer(ImageMinimizers.Lbfgs(parse.GetValue(StyleIterations)))
                .WithMaxSize(256).WithSeed(1).Build();
            var stylized = Path.Combine(outDir, "stylized.png");
            using var styleResult = await StylizeRunner.RunAsync(stylizer, content, [(style, 1.0)], stylized, cancellationToken);
            content.SavePng(Path.Combine(outDir, "content.png"));

            AnsiConsole.MarkupLine("");
            AnsiConsole.MarkupLine($"Samples:     [blue]{Markup.Escape(Path.Combine(run, "samples.png"))}[/]");
            AnsiConsole.MarkupLine($"Loss curve:  [blue]{Markup.Escape(Path.Combine(run, "loss.png"))}[/]");
            AnsiConsole.MarkupLine($"Stylized:    [blue]{Markup.Escape(stylized)}[/] (content.png and style.png beside it)");
            AnsiConsole.MarkupLine($"GAN: {result.FinalStep} steps at {result.StepsPerSecond:F1} steps/s; {Markup.Escape(RunEvaluator.Headline(report))}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static GanTrainerOptions DemoTrainer(int batch, double learningRate) => new()
    {
        BatchSize = batch,
        Seed = 1,
        GeneratorOptimizer = OptimizerSettings.Adam(learningRate, 0.5, 0.9),
        DiscriminatorOptimizer = OptimizerSettings.Adam(learningRate, 0.5, 0.9),
        CheckpointEvery = 1000,
        CheckpointKeep = 3,
    };
}
