using GanKit.Configuration;
using GanKit.Data;
using GanKit.Metrics;
using GanKit.TensorBoard;
using GanKit.Tests.TestSupport;
using GanKit.Tests.Training;
using GanKit.Training;
using SkiaSharp;
using Tensorboard;

namespace GanKit.Tests.TensorBoard;

public sealed class TensorBoardLoggerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Scalars_are_the_trainers_own_metrics_at_every_interval_and_points_become_a_scatter_plot()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(512, seed: 1);
        var logDir = Path.Combine(_dir.Path, "tb");
        TrainingResult result;
        using (var logger = new TensorBoardLogger(logDir, new TensorBoardOptions { ScalarInterval = 5, ImageInterval = 10, ImageCount = 200 }))
        {
            using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(32).WithR1Penalty(1)
                .WithOptimizers(OptimizerSettings.Adam(1e-3), OptimizerSettings.Adam(4e-4))
                .WithLearningRateSchedule(LearningRateSchedule.LinearDecay(0, 40)).WithTensorBoard(logger).Build();
            result = trainer.Train(data, 20);
        }

        var events = EventFileReader.ReadSingle(logDir);
        events[0].FileVersion.Should().Be("brain.Event:2");
        events[1].SessionLog.Status.Should().Be(SessionLog.Types.SessionStatus.Start);
        events[1].Step.Should().Be(1, "the restart marker sits at the first step trained");

        var scalars = EventFileReader.Scalars(events);
        scalars.Select(s => s.Step).Distinct().Should().Equal(5L, 10L, 15L, 20L);
        foreach (long step in new long[] { 5, 10, 15, 20 })
        {
            var m = result.History[(int)step - 1];
            m.Step.Should().Be(step);
            var at = scalars.Where(s => s.Step == step).ToDictionary(s => s.Tag, s => s.Value);
            at[TensorBoardTags.DiscriminatorLoss].Should().Be((float)m.DiscriminatorLoss);
            at[TensorBoardTags.GeneratorLoss].Should().Be((float)m.GeneratorLoss);
            at[TensorBoardTags.Penalty].Should().Be((float)m.Penalty);
            at[TensorBoardTags.RealScore].Should().Be((float)m.RealScore);
            at[TensorBoardTags.FakeScore].Should().Be((float)m.FakeScore);
            // Linear decay from 0 to 40: step s trains at (1 − s/40) of the initial rate.
            at[TensorBoardTags.GeneratorLearningRate].Should().BeApproximately((float)(1e-3 * (1 - step / 40.0)), 1e-9f);
            at[TensorBoardTags.DiscriminatorLearningRate].Should().BeApproximately((float)(4e-4 * (1 - step / 40.0)), 1e-9f);
            at[TensorBoardTags.StepsPerSecond].Should().BePositive();
            at[TensorBoardTags.SamplesPerSecond].Should().BeApproximately(at[TensorBoardTags.StepsPerSecond] * 32, at[TensorBoardTags.SamplesPerSecond] * 1e-5f);
            at.Should().NotContainKey(TensorBoardTags.DiscriminatorSkipped, "there is no loss floor");
        }

        scalars.Where(s => s.Tag == TensorBoardTags.Penalty).Should().Contain(s => s.Value > 0, "R1 ran");

        var images = EventFileReader.Images(events);
        images.Select(i => (i.Tag, i.Step)).Should().Equal((TensorBoardTags.Samples, 10L), (TensorBoardTags.Samples, 20L));
        using var plot = SKBitmap.Decode(images[0].Image.EncodedImageString.ToByteArray());
        (plot.Width, plot.Height).Should().Be((256, 256));
        CountDots(plot).Should().BeGreaterThanOrEqualTo(9, "generated points are plotted as 3×3 dots");
    }

    [Fact]
    public void A_conditional_image_gan_gets_a_grid_of_its_samples_and_a_floor_adds_the_skip_flag()
    {
        var (g, d) = TrainerTestModels.ConditionalDcgan();
        using var data = TrainerTestModels.SmallImages();
        var logDir = Path.Combine(_dir.Path, "tb");
        using (var logger = new TensorBoardLogger(logDir, new TensorBoardOptions { ScalarInterval = 2, ImageInterval = 2, ImageCount = 6, ImageColumns = 3 }))
        {
            using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(12).WithDiscriminatorLossFloor(0.01).WithTensorBoard(logger).Build();
            trainer.Train(data, 2);

            // The grid is the same as the trainer's own samples from the same latents.
            using var expected = trainer.Sample(6, TorchSharp.torch.arange(6) % 3, seed: 0);
            var png = GanKit.Imaging.ImageWriter.EncodePng(GanKit.Imaging.ImageGrid.Compose(expected,
                new GanKit.Imaging.ImageGridOptions { Columns = 3, Range = GanKit.Imaging.PixelRange.MinusOneToOne }), GanKit.Imaging.PixelRange.MinusOneToOne);

            var events = EventFileReader.Read(logger.Writer.FilePath);
            var image = EventFileReader.Images(events).Should().ContainSingle().Subject;
            image.Step.Should().Be(2);
            // 3 columns × 2 rows of 16×16 with the default 2 px padding.
            (image.Image.Width, image.Image.Height, image.Image.Colorspace).Should().Be((3 * 18 + 2, 2 * 18 + 2, 1));
            image.Image.EncodedImageString.ToByteArray().Should().Equal(png);
            EventFileReader.Scalars(events).Should().Contain(s => s.Tag == TensorBoardTags.DiscriminatorSkipped && s.Step == 2);
        }
    }

    [Fact]
    public void A_resumed_run_marks_its_restart_at_the_first_step_it_trains()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(256, seed: 1);
        var checkpoints = Path.Combine(_dir.Path, "ckpt");
        var logDir = Path.Combine(_dir.Path, "tb");
        using (var logger = new TensorBoardLogger(logDir, new TensorBoardOptions { ScalarInterval = 1, ImageInterval = 0 }))
        using (var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithCheckpoints(checkpoints, every: 3).WithTensorBoard(logger).Build())
            trainer.Train(data, 4);

        var (g2, d2) = TrainerTestModels.MixtureModels();
        using (var logger = new TensorBoardLogger(logDir, new TensorBoardOptions { ScalarInterval = 1, ImageInterval = 0 }))
        using (var trainer = GanTrainer.CreateBuilder(g2, d2).WithBatchSize(16).WithCheckpoints(checkpoints, every: 3).WithTensorBoard(logger).Build())
            trainer.Train(data, 6); // resumes from the newest checkpoint first

        var files = Directory.GetFiles(logDir).Order().ToArray();
        files.Should().HaveCount(2);
        var second = EventFileReader.Read(files.Single(f => EventFileReader.Scalars(EventFileReader.Read(f)).Any(s => s.Step == 6)));
        second[1].SessionLog.Status.Should().Be(SessionLog.Types.SessionStatus.Start);
        second[1].Step.Should().Be(5, "training resumed from the checkpoint of step 4 (written at the end of the first run)");
        EventFileReader.Scalars(second).Select(s => s.Step).Distinct().Should().Equal(5L, 6L);
    }

    [Fact]
    public void Evaluation_metrics_are_written_under_eval_when_reported()
    {
        using var logger = new TensorBoardLogger(_dir.Path);
        var report = new EvaluationReport
        {
            Kind = "images", Samples = 100, FeatureSpace = "classifier", Fid = 12.5, FidFloor = 1.5, Kid = 0.01, Precision = 0.7,
            Recall = 0.6, Density = 0.9, Coverage = 0.8, Seconds = 3,
            FeatureSpaces = [new FeatureSpaceScores("classifier", 12.5, 0.01, null, 0.7, 0.6, 0.9, 0.8), new FeatureSpaceScores("pixels", 40, 0.2, null, 0.5, 0.4, 0.3, 0.2)],
        };
        ((IProgress<StepEvaluation>)logger).Report(new StepEvaluation(300, report));

        var scalars = EventFileReader.Scalars(EventFileReader.Read(logger.Writer.FilePath));

        scalars.Should().OnlyContain(s => s.Step == 300);
        var byTag = scalars.ToDictionary(s => s.Tag, s => s.Value);
        byTag["eval/fid"].Should().Be(12.5f);
        byTag["eval/fidFloor"].Should().Be(1.5f);
        byTag["eval/kid"].Should().Be(0.01f);
        byTag["eval/coverage"].Should().Be(0.8f);
        byTag["eval/pixels/fid"].Should().Be(40f);
        byTag["eval/classifier/recall"].Should().Be(0.6f);
        byTag.Should().NotContainKeys("eval/kidStd", "eval/modes", "eval/classKl");
    }

    [Fact]
    public void Evaluations_during_training_reach_tensorboard_through_EvaluateEvery()
    {
        var (g, d) = TrainerTestModels.MixtureModels();
        using var data = GaussianMixture.Ring8.CreateDataset(256, seed: 1);
        using var evaluator = GanEvaluator.ForMixture(GaussianMixture.Ring8, new EvaluationOptions { SampleCount = 400, Seed = 2 });
        using var logger = new TensorBoardLogger(_dir.Path, new TensorBoardOptions { ScalarInterval = 100, ImageInterval = 0 });
        using var trainer = GanTrainer.CreateBuilder(g, d).WithBatchSize(16).WithTensorBoard(logger).EvaluateEvery(4, evaluator, progress: logger).Build();
        trainer.Train(data, 8);
        var expected = evaluator.Evaluate(trainer.SamplingGenerator);

        var scalars = EventFileReader.Scalars(EventFileReader.Read(logger.Writer.FilePath));

        scalars.Select(s => s.Step).Distinct().Should().Equal(4L, 8L);
        var at8 = scalars.Where(s => s.Step == 8).ToDictionary(s => s.Tag, s => s.Value);
        at8["eval/modes"].Should().Be(expected.Modes!.Value);
        at8["eval/highQualityFraction"].Should().Be((float)expected.HighQualityFraction!.Value);
        at8.Should().NotContainKey("eval/fid", "a mixture has no image metrics");
    }

    [Fact]
    public void Invalid_options_are_all_listed()
    {
        var ex = FluentActions.Invoking(() => new TensorBoardLogger(_dir.Path,
                new TensorBoardOptions { ScalarInterval = 0, ImageInterval = -1, ImageCount = 0, ImageColumns = 0 }))
            .Should().Throw<GanKitConfigurationException>().Which;
        ex.Message.Should().Contain("scalar interval").And.Contain("image interval").And.Contain("at least one sample").And.Contain("column");
        Directory.GetFiles(_dir.Path).Should().BeEmpty("nothing is created for invalid options");
    }

    [Fact]
    public void The_scatter_plot_fits_the_farthest_point_and_draws_y_upwards()
    {
        // Bound 1.1 × 1 = 1.1, so pixel = round((v + 1.1) · 255 / 2.2) across and round((1.1 − y) · 255 / 2.2) down.
        using var points = TorchSharp.torch.tensor(new float[] { 1, 0, 0, 1, float.NaN, 3 }).reshape(3, 2);
        using var plot = ScatterPlot.Render(points);

        plot.shape.Should().Equal(3, 256, 256);
        float[] Pixel(int y, int x) => [plot[0, y, x].item<float>(), plot[1, y, x].item<float>(), plot[2, y, x].item<float>()];
        Pixel(128, 243).Should().Equal(0.12f, 0.32f, 0.71f);            // (1, 0)
        Pixel(12, 128).Should().Equal(0.12f, 0.32f, 0.71f);             // (0, 1): near the top
        Pixel(244, 128).Should().Equal(0.85f, 0.85f, 0.85f);            // (0, −1) was not drawn: the vertical axis
        Pixel(3, 3).Should().Equal(1f, 1f, 1f);                         // background; the NaN point is left out
    }

    private static int CountDots(SKBitmap bitmap)
    {
        int dots = 0;
        for (int y = 0; y < bitmap.Height; y++)
        for (int x = 0; x < bitmap.Width; x++)
            if (bitmap.GetPixel(x, y).Blue > bitmap.GetPixel(x, y).Red + 100) dots++;
        return dots;
    }
}
