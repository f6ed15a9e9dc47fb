using System.CommandLine;
using GanKit.Cli.Hosting;
using GanKit.Cli.Runs;
using GanKit.Imaging;
using GanKit.Runtime;
using GanKit.Regularizers;
using GanKit.Training;
using Spectre.Console;

namespace GanKit.Cli.Commands;

internal static class TrainCommand
{
    private static readonly Option<string> Data = new("--data") { Description = "ring8 | grid25 | fashion-mnist[:DIR] | idx:IMAGES.gz[,LABELS.gz] | folder:DIR", Required = true };
    private static readonly Option<string> Model = new("--model") { Description = "mlp | dcgan | resnet | msg | progressive", DefaultValueFactory = _ => "dcgan" };
    private static readonly Option<string?> Progressive = new("--progressive")
    {
        Description = "Grow progressively by SCHEDULE (implies --model progressive): start=4,stable=IMAGES,fade=IMAGES or STABLE[:FADE[:START]].",
    };
    private static readonly Option<string> Loss = new("--loss") { Description = TrainerFlags.Losses, DefaultValueFactory = _ => "ns" };
    private static readonly Option<long> Steps = new("--steps") { Description = "Train to this step.", DefaultValueFactory = _ => 2000 };
    private static readonly Option<int> Batch = new("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 64 };
    private static readonly Option<long> Seed = new("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 0 };
    private static readonly Option<string> Out = new("--out") { Description = "The run folder.", Required = true };
    private static readonly Option<bool> Conditional = new("--conditional") { Description = "Class-conditional G and projection D (labelled data)." };
    private static readonly Option<bool> SpectralNorm = new("--spectral-norm") { Description = "Spectral normalization in D." };
    private static readonly Option<int> Pack = new("--pack") { Description = "PacGAN packing: D judges M samples at once.", DefaultValueFactory = _ => 1 };
    private static readonly Option<double?> Ema = new("--ema") { Description = "EMA decay of G's weights, e.g. 0.999." };
    private static readonly Option<double?> R1 = new("--r1") { Description = "R1 penalty weight γ." };
    private static readonly Option<double> LrG = new("--lr-g") { Description = "G's learning rate.", DefaultValueFactory = _ => 2e-4 };
    private static readonly Option<double> LrD = new("--lr-d") { Description = "D's learning rate.", DefaultValueFactory = _ => 2e-4 };
    private static readonly Option<string> Optimizer = new("--optimizer") { Description = "Both players' optimizer: " + TrainerFlags.Optimizers, DefaultValueFactory = _ => "adam" };
    private static readonly Option<string> LrSchedule = new("--lr-schedule") { Description = "Learning-rate schedule over --steps: " + TrainerFlags.Schedules, DefaultValueFactory = _ => "constant" };
    private static readonly Option<long> Warmup = new("--warmup") { Description = "Linear learning-rate warm-up over this many steps (0 = none)." };
    private static readonly Option<int> NCritic = new("--n-critic") { Description = "D steps per G step.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int?> ImageSize = new("--image-size") { Description = "Image size for folder data (16, 28, 32, 64 or 128 for dcgan/resnet)." };
    private static readonly Option<int> Latent = new("--latent") { Description = "Latent size.", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> Width = new("--width") { Description = "Base channels (dcgan/resnet) or hidden units (mlp); 0 = default." };
    private static readonly Option<string> Device = new("--device") { Description = "cpu | cuda | cuda:N", DefaultValueFactory = _ => "cpu" };
    private static readonly Option<bool> Resume = new("--resume") { Description = "Continue the run in --out from its newest checkpoint." };
    private static readonly Option<int> CheckpointEvery = new("--checkpoint-every") { Description = "Steps between checkpoints.", DefaultValueFactory = _ => 500 };
    private static readonly Option<int> SampleEvery = new("--sample-every") { Description = "Steps between sample grids.", DefaultValueFactory = _ => 500 };
    private static readonly Option<string?> TensorBoard = new("--tensorboard")
    {
        Description = "Also write TensorBoard event files into this folder: losses, D's scores, penalty, learning rates, throughput every 10 steps, a sample grid every --sample-every steps.",
    };
    private static readonly Option<bool> Distributed = new("--distributed")
    {
        Description = "Data-parallel training over MPI: start with 'mpirun -np N gankit train ... --distributed'; --batch is per rank, so N ranks train like one process with batch N×--batch. Rank 0 writes the run folder.",
    };
    private static readonly Option<bool> Json = JsonResult.CreateOption();

    public static Command Create()
    {
        var command = new Command("train", "Train a GAN and write checkpoints, sample grids, a loss curve and metrics.jsonl into the run folder.")
        {
            Data, Model, Loss, Steps, Batch, Seed, Out, Conditional, SpectralNorm, Pack, Ema, R1, LrG, LrD, Optimizer, LrSchedule, Warmup, NCritic, ImageSize,
            Latent, Width, Device, Resume, CheckpointEvery, SampleEvery, TensorBoard, Progressive, Distributed, Json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var run = parse.GetValue(Out)!;
            OptionParsing.OutputFolder(run, "--out");
            // MPI first: every rank then takes the same decisions below (rank 0 alone writes the run folder).
            using var mpi = parse.GetValue(Distributed) ? GanKit.Distributed.MpiCommunicator.Initialize() : null;
            var steps = parse.GetValue(Steps);
            OptionParsing.AtLeast(steps, 1, "--steps");
            RunSettings settings;
            if (parse.GetValue(Resume))
            {
                settings = RunSettings.Load(run);
                if (settings.Ranks != (mpi?.Size ?? 1))
                    throw new UserErrorException($"The run in '{run}' was trained on {settings.Ranks} rank(s) and is resumed on {mpi?.Size ?? 1}; " +
                                                 $"the global batch and data order would change. Resume with 'mpirun -np {settings.Ranks} ... --distributed'{(settings.Ranks == 1 ? " or without --distributed" : "")}.");
            }
            else
            {
                var checkpoints = Path.Combine(run, RunFolder.CheckpointsFolder);
                if (GanKit.Checkpoints.Checkpoint.FindLatest(checkpoints) is not null)
                    throw new UserErrorException($"'{run}' already holds a run; pass --resume to continue it, or choose another --out.");
                if (parse.GetValue(ImageSize) is { } imageSize) OptionParsing.AtLeast(imageSize, 1, "--image-size");
                OptionParsing.AtLeast(parse.GetValue(Width), 0, "--width");
                settings = new RunSettings
                {
                    Data = parse.GetValue(Data)!, Model = parse.GetValue(Model)!.ToLowerInvariant(), Conditional = parse.GetValue(Conditional),
                    SpectralNorm = parse.GetValue(SpectralNorm), Pack = parse.GetValue(Pack), ImageSize = parse.GetValue(ImageSize),
                    Latent = parse.GetValue(Latent), Width = parse.GetValue(Width), SampleEvery = parse.GetValue(SampleEvery), Progressive = parse.GetValue(Progressive),
                    Trainer = TrainerOptions(parse, steps), Ranks = mpi?.Size ?? 1,
                };
                if (settings.Progressive is { } schedule)
                {
                    RunFactory.ParseSchedule(schedule);
                    if (parse.GetResult(Model) is { Implicit: false } && settings.Model != "progressive")
                        throw new UserErrorException($"--progressive grows progressive networks; drop --model {settings.Model} or pass --model progressive.");
                    settings = settings with { Model = "progressive" };
                }
            }

            OptionParsing.AtLeast(settings.SampleEvery, 1, "--sample-every");
            var device = OptionParsing.Device(parse.GetValue(Device)!, "--device");
            var tensorBoard = parse.GetValue(TensorBoard);
            if (tensorBoard is not null) OptionParsing.OutputFolder(tensorBoard, "--tensorboard");
            var result = await TrainRunner.RunAsync(settings, run, steps, device, parse.GetValue(CliApp.Verbose), cancellationToken, showProgress: !parse.GetValue(Json),
                tensorBoardDirectory: tensorBoard, parallel: mpi);
            if (parse.GetValue(Json) && (mpi is null || mpi.Rank == 0))
                JsonResult.Print(new
                {
                    run = Path.GetFullPath(run), finalStep = result.FinalStep, stepsRun = result.StepsRun, seconds = result.Elapsed.TotalSeconds,
                    stepsPerSecond = result.StepsPerSecond, discriminatorLoss = result.Last?.DiscriminatorLoss, generatorLoss = result.Last?.GeneratorLoss,
                    checkpoint = result.LastCheckpoint, rollbacks = result.Rollbacks,
                });
            return ExitCodes.Success;
        });
        return command;
    }

    // The flags as the library's options record; GanTrainerBuilder.Build validates it and lists every problem.
    private static GanTrainerOptions TrainerOptions(ParseResult parse, long steps)
    {
        var loss = TrainerFlags.ParseLoss(parse.GetValue(Loss)!);
        var optimizer = parse.GetValue(Optimizer)!;
        return new GanTrainerOptions
        {
            Loss = loss,
            GeneratorOptimizer = TrainerFlags.Optimizer(optimizer, parse.GetValue(LrG), loss),
            DiscriminatorOptimizer = TrainerFlags.Optimizer(optimizer, parse.GetValue(LrD), loss),
            LearningRateSchedule = TrainerFlags.Schedule(parse.GetValue(LrSchedule)!, steps, parse.GetValue(Warmup)),
            BatchSize = parse.GetValue(Batch),
            CriticSteps = parse.GetValue(NCritic),
            Seed = parse.GetValue(Seed),
            EmaDecay = parse.GetValue(Ema),
            Regularizers = parse.GetValue(R1) is { } r1 ? [new R1Penalty(r1)] : [],
            CheckpointEvery = parse.GetValue(CheckpointEvery),
            CheckpointKeep = 3,
        };
    }
}
