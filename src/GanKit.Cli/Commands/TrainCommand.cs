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
    private static readonly Option<string?> Recipe = new("--recipe") { Description = "dcgan | wgan-gp | pacgan | sngan | modern | mixture; default: dcgan for images, mixture for ring8/grid25. Other flags override it." };
    private static readonly Option<string?> Model = new("--model") { Description = "mlp | dcgan | resnet | msg | progressive (default: the recipe's)" };
    private static readonly Option<string?> Progressive = new("--progressive")
    {
        Description = "Grow progressively by SCHEDULE (implies --model progressive): start=4,stable=IMAGES,fade=IMAGES or STABLE[:FADE[:START]].",
    };
    private static readonly Option<string?> Loss = new("--loss") { Description = TrainerFlags.Losses + " (default: the recipe's)" };
    private static readonly Option<long?> Steps = new("--steps") { Description = "Train to this step (default: the recipe's suggestion; 2000 when resuming a run without a recipe)." };
    private static readonly Option<int?> Batch = new("--batch") { Description = "Batch size (default: the recipe's)." };
    private static readonly Option<long> Seed = new("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 0 };
    private static readonly Option<string> Out = new("--out") { Description = "The run folder.", Required = true };
    private static readonly Option<bool> Conditional = new("--conditional") { Description = "Class-conditional G and projection D (labelled data)." };
    private static readonly Option<bool?> SpectralNorm = new("--spectral-norm") { Description = "Spectral normalization in D." };
    private static readonly Option<int?> Pack = new("--pack") { Description = "PacGAN packing: D judges M samples at once." };
    private static readonly Option<double?> Ema = new("--ema") { Description = "EMA decay of G's weights, e.g. 0.999." };
    private static readonly Option<double?> EmaHalfLife = new("--ema-half-life") { Description = "EMA of G with this half-life in images, ramped up (StyleGAN2-ADA)." };
    private static readonly Option<double?> R1 = new("--r1") { Description = "R1 penalty weight γ." };
    private static readonly Option<double?> R2 = new("--r2") { Description = "R2 penalty weight γ." };
    private static readonly Option<string?> Augment = new("--augment") { Description = "DiffAugment policy for images, e.g. color,translation,cutout; none = off." };
    private static readonly Option<bool?> Ada = new("--ada") { Description = "Adapt the augmentation probability (StyleGAN2-ADA, target 0.6)." };
    private static readonly Option<bool?> LrDecay = new("--lr-decay") { Description = "Decay both learning rates linearly to 0 over --steps." };
    private static readonly Option<bool?> GeneratorBatchNorm = new("--g-batch-norm") { Description = "Batch norm in the MLP generator." };
    private static readonly Option<double?> LrG = new("--lr-g") { Description = "G's learning rate (default: the recipe's)." };
    private static readonly Option<double?> LrD = new("--lr-d") { Description = "D's learning rate (default: the recipe's)." };
    private static readonly Option<string?> Optimizer = new("--optimizer") { Description = "Both players' optimizer: " + TrainerFlags.Optimizers + " (default: the recipe's)" };
    private static readonly Option<string?> LrSchedule = new("--lr-schedule") { Description = "Learning-rate schedule over --steps: " + TrainerFlags.Schedules + " (default: the recipe's)" };
    private static readonly Option<long> Warmup = new("--warmup") { Description = "Linear learning-rate warm-up over this many steps (0 = none)." };
    private static readonly Option<int?> NCritic = new("--n-critic") { Description = "D steps per G step (default: the recipe's)." };
    private static readonly Option<int?> ImageSize = new("--image-size") { Description = "Square image size: folder data needs it; IDX data (e.g. fashion-mnist) is resized to it, e.g. 64 for --model msg." };
    private static readonly Option<int?> Latent = new("--latent") { Description = "Latent size (default: the recipe's)." };
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
            Data, Recipe, Model, Loss, Steps, Batch, Seed, Out, Conditional, SpectralNorm, Pack, Ema, EmaHalfLife, R1, R2, Augment, Ada, LrDecay, GeneratorBatchNorm,
            LrG, LrD, Optimizer, LrSchedule, Warmup, NCritic, ImageSize,
            Latent, Width, Device, Resume, CheckpointEvery, SampleEvery, TensorBoard, Progressive, Distributed, Json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var run = parse.GetValue(Out)!;
            OptionParsing.OutputFolder(run, "--out");
            // MPI first: every rank then takes the same decisions below (rank 0 alone writes the run folder).
            using var mpi = parse.GetValue(Distributed) ? GanKit.Distributed.MpiCommunicator.Initialize() : null;
            long steps;
            RunSettings settings;
            if (parse.GetValue(Resume))
            {
                settings = RunSettings.Load(run);
                if (settings.Ranks != (mpi?.Size ?? 1))
                    throw new UserErrorException($"The run in '{run}' was trained on {settings.Ranks} rank(s) and is resumed on {mpi?.Size ?? 1}; " +
                                                 $"the global batch and data order would change. Resume with 'mpirun -np {settings.Ranks} ... --distributed'{(settings.Ranks == 1 ? " or without --distributed" : "")}.");
                steps = parse.GetValue(Steps) ?? (settings.Recipe is { } name && GanRecipes.All.FirstOrDefault(r => r.Name == name) is { } recipe ? recipe.SuggestedSteps : 2000);
                OptionParsing.AtLeast(steps, 1, "--steps");
            }
            else
            {
                var checkpoints = Path.Combine(run, RunFolder.CheckpointsFolder);
                if (GanKit.Checkpoints.Checkpoint.FindLatest(checkpoints) is not null)
                    throw new UserErrorException($"'{run}' already holds a run; pass --resume to continue it, or choose another --out.");
                if (parse.GetValue(ImageSize) is { } imageSize) OptionParsing.AtLeast(imageSize, 1, "--image-size");
                OptionParsing.AtLeast(parse.GetValue(Width), 0, "--width");
                var progressive = parse.GetValue(Progressive);
                var modelFlag = parse.GetValue(Model)?.ToLowerInvariant();
                if (progressive is not null)
                {
                    RunFactory.ParseSchedule(progressive);
                    if (modelFlag is not null && modelFlag != "progressive")
                        throw new UserErrorException($"--progressive grows progressive networks; drop --model {modelFlag} or pass --model progressive.");
                    modelFlag = "progressive";
                }

                var source = DataSource.Parse(parse.GetValue(Data)!);
                var recipe = RecipeSettings.Resolve(parse.GetValue(Recipe), source);
                steps = parse.GetValue(Steps) ?? recipe.SuggestedSteps;
                OptionParsing.AtLeast(steps, 1, "--steps");
                var overrides = new RecipeSettings.Overrides
                {
                    Model = modelFlag, Loss = parse.GetValue(Loss), Batch = parse.GetValue(Batch), Pack = parse.GetValue(Pack),
                    Ema = parse.GetValue(Ema), EmaHalfLife = parse.GetValue(EmaHalfLife), R1 = parse.GetValue(R1), R2 = parse.GetValue(R2),
                    LrG = parse.GetValue(LrG), LrD = parse.GetValue(LrD), Optimizer = parse.GetValue(Optimizer), LrSchedule = parse.GetValue(LrSchedule),
                    Warmup = parse.GetValue(Warmup), NCritic = parse.GetValue(NCritic), Latent = parse.GetValue(Latent), Width = parse.GetValue(Width),
                    SpectralNorm = parse.GetValue(SpectralNorm), Augment = parse.GetValue(Augment), Ada = parse.GetValue(Ada),
                    LrDecay = parse.GetValue(LrDecay), GeneratorBatchNorm = parse.GetValue(GeneratorBatchNorm),
                };
                var initial = new RunSettings
                {
                    Data = parse.GetValue(Data)!, Model = "", Conditional = parse.GetValue(Conditional), ImageSize = parse.GetValue(ImageSize),
                    SampleEvery = parse.GetValue(SampleEvery), Progressive = progressive, Ranks = mpi?.Size ?? 1,
                    Trainer = new GanTrainerOptions { Seed = parse.GetValue(Seed), CheckpointEvery = parse.GetValue(CheckpointEvery), CheckpointKeep = 3 },
                };
                settings = RecipeSettings.Create(recipe, source, overrides, steps, initial);
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
}
