using GanKit.Cli.Hosting;
using GanKit.Imaging;
using GanKit.Models;
using GanKit.TensorBoard;
using GanKit.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace GanKit.Cli.Runs;

/// <summary>Runs `gankit train` (and the demo's training): a live progress bar, checkpoints, sample grids, loss curve, metrics.jsonl.</summary>
internal static class TrainRunner
{
    /// <param name="showProgress">False for --json: no progress bar or messages on stdout, which then holds only the result.</param>
    /// <param name="tensorBoardDirectory">--tensorboard: where to write TensorBoard event files too, or null.</param>
    /// <param name="parallel">--distributed: the MPI ranks; only rank 0 writes the run folder and the console.</param>
    public static async Task<TrainingResult> RunAsync(RunSettings settings, string run, long steps, Device device, bool verbose, CancellationToken cancellationToken,
        bool showProgress = true, string? tensorBoardDirectory = null, IDataParallelCommunicator? parallel = null)
    {
        bool root = parallel is null || parallel.Rank == 0;
        showProgress &= root;
        int ranks = parallel?.Size ?? 1;
        var source = DataSource.Parse(settings.Data);
        using var data = source.Load(settings.Seed, settings.ImageSize);
        // The trainer would reject this too, but with an ArgumentException meant for programmers; here it is the user's data.
        var resumedFrom = GanKit.Checkpoints.Checkpoint.FindLatest(Path.Combine(run, RunFolder.CheckpointsFolder));
        if (data.Count < settings.Trainer.BatchSize * ranks)
            throw new UserErrorException($"--data {source.Spec} holds {data.Count} sample(s), fewer than one batch of {settings.Trainer.BatchSize * ranks}; " +
                                         (resumedFrom is null
                                             ? $"use --batch {data.Count} or less, or more data."
                                             : $"the run's batch size comes from {RunSettings.FileName}, so the data must hold at least {settings.Trainer.BatchSize} samples."));
        using var logging = ConsoleLogging.Create(verbose);
        if (root) settings.Save(run);
        var samplesDir = Path.Combine(run, "samples");
        if (root) Directory.CreateDirectory(samplesDir);

        var builder = RunFactory.CreateTrainer(settings, data, run, device, logging)
            .OnStep(settings.SampleEvery, (t, p) => SaveSamples(t, source, Path.Combine(samplesDir, $"step-{p.Step:D8}.png")))
            .WithProgressInterval(10);
        if (parallel is not null) builder = builder.WithDataParallel(parallel);
        // The grid shows the same latents as samples/*.png (64 images or 2,500 points), at the same steps.
        using var tensorBoard = tensorBoardDirectory is null || !root
            ? null
            : new TensorBoardLogger(tensorBoardDirectory, new TensorBoardOptions
            {
                ScalarInterval = 10, ImageInterval = settings.SampleEvery, ImageColumns = 8, ImageCount = data.SampleShape.Count == 1 ? 2500 : 64,
            });
        if (tensorBoard is not null) builder = builder.WithTensorBoard(tensorBoard);
        using var trainer = builder.Build();
        // The trainer does not own the models RunFactory built for it: they are this run's to dispose.
        using var generator = trainer.Generator;
        using var discriminator = trainer.Discriminator;
        // Resumed here rather than inside TrainAsync, so the log can be cut back to the restored step before training.
        // With --distributed, rank 0 resumes and hands its state to the others when training starts.
        if (resumedFrom is not null && root) trainer.ResumeFrom(resumedFrom);
        using var metrics = root ? new MetricsLog(run, trainer.Step) : null;

        TrainingResult? result = null;
        try
        {
            if (!showProgress)
            {
                result = await trainer.TrainAsync(data, steps, metrics is null ? null : new SynchronousProgress(metrics.Write), cancellationToken);
                return result;
            }

            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("training", maxValue: steps);
                    var progress = new SynchronousProgress(p =>
                    {
                        metrics!.Write(p);
                        task.Value = p.Step;
                        task.Description = $"step {p.Step}/{p.TargetStep}  D {p.Metrics.DiscriminatorLoss:F3}  G {p.Metrics.GeneratorLoss:F3}  {p.StepsPerSecond:F1} steps/s  ETA {p.EstimatedRemaining:hh\\:mm\\:ss}" +
                            (trainer.Growth is { } growth ? $"  {growth}" : "");
                    });
                    result = await trainer.TrainAsync(data, steps, progress, cancellationToken);
                    task.Value = steps;
                });
        }
        finally
        {
            // Whatever happened (finished, Ctrl+C, divergence), leave the artefacts of the steps that ran.
            if (trainer.Step > 0 && root)
            {
                Plots.LossCurve(trainer.History, Path.Combine(run, "loss.png"));
                SaveSamples(trainer, source, Path.Combine(run, "samples.png"));
            }

            if (showProgress && trainer.LastCheckpoint is { } ckpt) AnsiConsole.MarkupLine($"Checkpoint: [blue]{Markup.Escape(ckpt)}[/]");
        }

        if (root) AnsiConsole.MarkupLine($"Trained to step {result!.FinalStep} in {result.Elapsed:hh\\:mm\\:ss} ({result.StepsPerSecond:F1} steps/s). Run folder: [blue]{Markup.Escape(run)}[/]");
        return result!;
    }

    public static void SaveSamples(GanTrainer trainer, DataSource source, string path)
    {
        if (trainer.Generator.OutputShape.Count == 1)
        {
            using var points = trainer.Sample(2500, seed: 0);
            Plots.Scatter(points.data<float>().ToArray(), path, source.Mixture?.Modes);
            return;
        }

        Tensor? classes = trainer.Generator.ClassCount is { } k ? arange(64) % k : null;
        using var images = trainer.Sample(64, classes, seed: 0);
        classes?.Dispose();
        ImageWriter.SaveGrid(images, path, new ImageGridOptions { Columns = 8, Range = PixelRange.MinusOneToOne });
        if (trainer.SamplingGenerator.Network is IMultiScaleGeneratorNetwork) SaveScaleSamples(trainer, Path.ChangeExtension(path, null) + "-scales.png");
    }

    /// <summary>MSG-GAN: one row per scale (4×4 up to full size, shown at full size), the same 8 latents in every row.</summary>
    public static void SaveScaleSamples(GanTrainer trainer, string path)
    {
        using var scope = NewDisposeScope();
        var g = trainer.SamplingGenerator;
        using var random = new TorchSharp.torch.Generator(0);
        Tensor? classes = g.ClassCount is { } k ? arange(8) % k : null;
        var scales = g.GenerateScales(8, classes, random);
        long size = g.OutputShape[^1];
        var rows = scales.Select(s => nn.functional.interpolate(s, size: [size, size], mode: InterpolationMode.Nearest)).ToArray();
        ImageWriter.SaveGrid(cat(rows, 0), path, new ImageGridOptions { Columns = 8, Range = PixelRange.MinusOneToOne });
    }

    // Progress<T> would post to the thread pool: a report could then reach the log after it is closed, or two could
    // write at once. The training thread reports directly (Spectre's progress task may be updated from any thread).
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
