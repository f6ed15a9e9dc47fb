using GanKit.Configuration;
using GanKit.Imaging;
using GanKit.Metrics;
using GanKit.Training;
using static TorchSharp.torch;

namespace GanKit.TensorBoard;

/// <summary>
/// Writes a GAN's training to TensorBoard: attach it with <see cref="TensorBoardTrainerExtensions.WithTensorBoard"/>.
/// Every <see cref="TensorBoardOptions.ScalarInterval"/> steps it writes that step's losses, D's real and fake scores,
/// the penalty, both learning rates and the throughput (the same values as <see cref="GanTrainer.History"/>); every
/// <see cref="TensorBoardOptions.ImageInterval"/> steps a grid of samples from fixed latents; and, as an
/// <see cref="IProgress{T}"/> of <see cref="StepEvaluation"/> (pass it to
/// <see cref="TrainerEvaluationExtensions.EvaluateEvery"/>), every evaluation's metrics. Tags are in <see cref="TensorBoardTags"/>.
/// </summary>
public sealed class TensorBoardLogger : IProgress<StepEvaluation>, IDisposable
{
    private readonly bool _ownsWriter;
    private bool _started;

    /// <summary>Logs into a new event file in <paramref name="directory"/>; disposing the logger closes it.</summary>
    /// <param name="directory">The log folder of the run.</param>
    /// <param name="options">Intervals and the sample grid; defaults when null.</param>
    /// <exception cref="GanKitConfigurationException">An option is invalid; the message lists every problem.</exception>
    public TensorBoardLogger(string directory, TensorBoardOptions? options = null)
        : this(Validated(options), directory)
    {
    }

    /// <summary>Logs through a writer the caller owns (e.g. to share one file with other series).</summary>
    /// <param name="writer">The writer; not disposed by the logger.</param>
    /// <param name="options">Intervals and the sample grid; defaults when null.</param>
    /// <exception cref="GanKitConfigurationException">An option is invalid; the message lists every problem.</exception>
    public TensorBoardLogger(TensorBoardWriter writer, TensorBoardOptions? options = null)
    {
        Writer = writer ?? throw new ArgumentNullException(nameof(writer));
        Options = Validated(options);
    }

    private TensorBoardLogger(TensorBoardOptions options, string directory)
    {
        Options = options;
        Writer = new TensorBoardWriter(directory);
        _ownsWriter = true;
    }

    /// <summary>The settings.</summary>
    public TensorBoardOptions Options { get; }

    /// <summary>The event file writer.</summary>
    public TensorBoardWriter Writer { get; }

    /// <summary>Writes an evaluation's metrics under <see cref="TensorBoardTags.EvaluationPrefix"/> (see <see cref="AddEvaluation"/>).</summary>
    /// <param name="value">The evaluation.</param>
    void IProgress<StepEvaluation>.Report(StepEvaluation value)
    {
        ArgumentNullException.ThrowIfNull(value);
        AddEvaluation(value.Step, value.Report);
    }

    /// <summary>
    /// Writes every metric of <paramref name="report"/> that was computed, under its JSON name: "eval/fid", "eval/kid",
    /// "eval/precision", "eval/modes", … and, when several feature spaces were evaluated, "eval/SPACE/fid" and so on.
    /// </summary>
    /// <param name="step">The training step the evaluation was made after.</param>
    /// <param name="report">The metrics.</param>
    public void AddEvaluation(long step, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        const string p = TensorBoardTags.EvaluationPrefix;
        Scalar(p + "fid", report.Fid);
        Scalar(p + "fidFloor", report.FidFloor);
        Scalar(p + "kid", report.Kid);
        Scalar(p + "kidStd", report.KidStd);
        Scalar(p + "kidFloor", report.KidFloor);
        Scalar(p + "precision", report.Precision);
        Scalar(p + "recall", report.Recall);
        Scalar(p + "density", report.Density);
        Scalar(p + "coverage", report.Coverage);
        Scalar(p + "classCoverage", report.ClassCoverage);
        Scalar(p + "classKl", report.ClassKl);
        Scalar(p + "modes", report.Modes);
        Scalar(p + "highQualityFraction", report.HighQualityFraction);
        Scalar(p + "reverseKl", report.ReverseKl);
        Scalar(p + "seconds", report.Seconds);
        if (report.FeatureSpaces.Count > 1)
        {
            foreach (var s in report.FeatureSpaces)
            {
                var prefix = $"{p}{s.FeatureSpace}/";
                Scalar(prefix + "fid", s.Fid);
                Scalar(prefix + "fidFloor", s.FidFloor);
                Scalar(prefix + "kid", s.Kid);
                Scalar(prefix + "kidFloor", s.KidFloor);
                Scalar(prefix + "precision", s.Precision);
                Scalar(prefix + "recall", s.Recall);
                Scalar(prefix + "density", s.Density);
                Scalar(prefix + "coverage", s.Coverage);
            }
        }

        Writer.Flush();

        void Scalar(string tag, double? value)
        {
            if (value is { } v) Writer.AddScalar(tag, v, step);
        }
    }

    /// <summary>Closes the event file if the logger opened it.</summary>
    public void Dispose()
    {
        if (_ownsWriter) Writer.Dispose();
    }

    /// <summary>The trainer's per-step callback (registered by <see cref="TensorBoardTrainerExtensions.WithTensorBoard"/>).</summary>
    internal void OnStep(GanTrainer trainer, TrainingProgress progress)
    {
        long step = progress.Step;
        bool written = false;
        if (!_started)
        {
            // The first step this logger sees is the first one trained now: events a crashed run wrote past the checkpoint
            // training resumed from are stale, and this marker tells TensorBoard to drop them.
            Writer.AddRestart(step);
            _started = true;
            written = true;
        }

        if (step % Options.ScalarInterval == 0)
        {
            WriteScalars(trainer, progress);
            written = true;
        }

        if (Options.ImageInterval > 0 && step % Options.ImageInterval == 0)
        {
            WriteSamples(trainer, step);
            written = true;
        }

        if (written) Writer.Flush();
    }

    private void WriteScalars(GanTrainer trainer, TrainingProgress progress)
    {
        var m = progress.Metrics;
        long step = progress.Step;
        Writer.AddScalar(TensorBoardTags.DiscriminatorLoss, m.DiscriminatorLoss, step);
        Writer.AddScalar(TensorBoardTags.GeneratorLoss, m.GeneratorLoss, step);
        Writer.AddScalar(TensorBoardTags.Penalty, m.Penalty, step);
        Writer.AddScalar(TensorBoardTags.RealScore, m.RealScore, step);
        Writer.AddScalar(TensorBoardTags.FakeScore, m.FakeScore, step);
        if (trainer.Options.DiscriminatorLossFloor is not null)
            Writer.AddScalar(TensorBoardTags.DiscriminatorSkipped, m.DiscriminatorSkipped ? 1 : 0, step);
        Writer.AddScalar(TensorBoardTags.GeneratorLearningRate, trainer.GeneratorOptimizer.ParamGroups.First().LearningRate, step);
        Writer.AddScalar(TensorBoardTags.DiscriminatorLearningRate, trainer.DiscriminatorOptimizer.ParamGroups.First().LearningRate, step);
        // The meter needs two steps to measure; a 0 would only pull the curve down.
        if (progress.StepsPerSecond > 0)
        {
            Writer.AddScalar(TensorBoardTags.StepsPerSecond, progress.StepsPerSecond, step);
            Writer.AddScalar(TensorBoardTags.SamplesPerSecond, progress.StepsPerSecond * trainer.Options.BatchSize * trainer.Options.CriticSteps, step);
        }
    }

    private void WriteSamples(GanTrainer trainer, long step)
    {
        using var scope = NewDisposeScope();
        var shape = trainer.Generator.OutputShape;
        if (shape.Count == 1)
        {
            if (shape[0] != 2) return;
            var points = trainer.Sample(Options.ImageCount, seed: Options.ImageSeed);
            Writer.AddImage(TensorBoardTags.Samples, ScatterPlot.Render(points), step);
            return;
        }

        Tensor? classes = trainer.Generator.ClassCount is { } k ? arange(Options.ImageCount) % k : null;
        var images = trainer.Sample(Options.ImageCount, classes, Options.ImageSeed);
        Writer.AddImage(TensorBoardTags.Samples, images, step, PixelRange.MinusOneToOne, new ImageGridOptions { Columns = Options.ImageColumns });
    }

    private static TensorBoardOptions Validated(TensorBoardOptions? options)
    {
        options ??= new TensorBoardOptions();
        var errors = new ValidationErrors();
        errors.Require(options.ScalarInterval >= 1, $"The scalar interval must be at least 1; got {options.ScalarInterval}.");
        errors.Require(options.ImageInterval >= 0, $"The image interval must be 0 (no images) or more; got {options.ImageInterval}.");
        errors.Require(options.ImageCount >= 1, $"The grid needs at least one sample; got {options.ImageCount}.");
        if (options.ImageColumns is { } columns) errors.Require(columns >= 1, $"The grid needs at least one column; got {columns}.");
        errors.ThrowIfAny("TensorBoardLogger");
        return options;
    }
}
