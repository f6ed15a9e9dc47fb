using System.Globalization;
using System.Text;
using GanKit.Benchmarks.Quality;
using GanKit.Data;
using GanKit.Imaging;
using GanKit.Losses;
using GanKit.Metrics;
using GanKit.Models;
using GanKit.Runtime;
using GanKit.Training;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Benchmarks.HighResolution;

/// <summary>
/// `highres-fmnist`: plain DCGAN, MSG-GAN and progressive growing on Fashion-MNIST upsampled (bicubic) to 64 or 128 px, each
/// trained for the same budget of process CPU time, each with StyleGAN2-ADA's EMA (10k-image half-life, ramped up), which a
/// slower model's fewer steps do not leave dominated by its initial weights. At fractions of the budget the sampling generator is copied; each copy's
/// images are downsampled (area average) to 28×28 and evaluated in the metric classifier's feature space against the 28×28
/// test images: FID, class coverage and class KL. The floor is the same measurement on training images upsampled and
/// downsampled the same way. Every evaluation is appended to <c>--results</c>; the table is rendered from that file.
/// Options: <c>--size 64</c>, <c>--budget-minutes 5</c>, <c>--at 0.25,0.5,1</c> (fractions of the budget), <c>--seeds 1,2,3</c>,
/// <c>--models dcgan,msg,progressive</c>, <c>--samples 5000</c>, <c>--batch 32</c>, <c>--schedule start=8,stable=8000,fade=8000</c>,
/// <c>--threads 1</c>, <c>--results artifacts/quality/highres-fmnist.jsonl</c>, <c>--out artifacts/quality/highres-fmnist.md</c>,
/// <c>--grids DIR</c>, <c>--render</c>, <c>--cache DIR</c>, <c>--data DIR</c>, <c>--wait-classifier-minutes N</c>.
/// </summary>
internal static class UpsampledFashionMnistBenchmark
{
    private const string FloorName = "real data (up- then downsampled)";

    public static int Run(string[] args)
    {
        var options = QualityArgs.Parse(args);
        TorchRuntime.Threads = options.Int("threads", 1);
        var results = options.String("results", "artifacts/quality/highres-fmnist.jsonl");
        var output = options.String("out", "artifacts/quality/highres-fmnist.md");
        if (!options.Flag("render")) Measure(options, results);
        var table = Table(results);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, table);
        Console.WriteLine(table);
        return 0;
    }

    private static void Measure(QualityArgs options, string results)
    {
        int size = options.Int("size", 64);
        double budget = options.Double("budget-minutes", 5);
        var fractions = options.List("at", ["0.25", "0.5", "1"]).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).OrderBy(f => f).ToArray();
        var seeds = options.Longs("seeds", [1, 2, 3]);
        var names = options.List("models", ["dcgan", "msg", "progressive"]);
        int samples = options.Int("samples", 5000);
        int batch = options.Int("batch", 32);
        var schedule = ProgressiveSchedule.Parse(options.String("schedule", "start=8,stable=8000,fade=8000"));
        var grids = options.OptionalString("grids");
        using var loggerFactory = new ConsoleLoggerFactory();
        using var train = IdxFiles.LoadFashionMnist(options.OptionalString("data"), train: true);
        using var test = IdxFiles.LoadFashionMnist(options.OptionalString("data"), train: false);
        using var upsampled = Upsample(train, size);
        using var data = new InMemoryDataset(upsampled);
        Say($"Fashion-MNIST upsampled to {size}×{size}: {upsampled.shape[0]:N0} images, {upsampled.numel() / (1 << 20):N0} MiB as bytes");

        var contenders = HighResolutionContender.All(1, size, schedule);

        // Train first, evaluate after: the classifier may still be training in another process.
        var snapshots = new List<(HighResolutionContender Contender, long Seed, long Steps, double Cpu, string Note, Generator Generator)>();
        foreach (var contender in contenders.Where(x => names.Contains(x.Name)))
        foreach (var seed in seeds)
        {
            var (g, d) = contender.Models(seed);
            using (g)
            using (d)
            {
                using var trainer = contender.Configure(GanTrainer.CreateBuilder(g, d)).WithLoss(GanLosses.NonSaturating).WithBatchSize(batch)
                    .WithEmaWarmup(10_000).WithSeed(seed).Build();
                var clock = new CpuClock();
                string note = "";
                foreach (var fraction in fractions)
                {
                    try
                    {
                        while (note.Length == 0 && clock.Cpu.TotalMinutes < budget * fraction) trainer.Train(data, trainer.Step + 10);
                    }
                    catch (TrainingDivergedException ex)
                    {
                        note = $"diverged at step {ex.Step}";
                    }

                    string growth = trainer.Growth is { } gr ? $"at {gr}" : "";
                    snapshots.Add((contender, seed, trainer.Step, clock.Cpu.TotalMinutes, string.Join("; ", new[] { note, growth }.Where(n => n.Length > 0)),
                        trainer.SamplingGenerator.CreateCopy()));
                    Say(string.Create(CultureInfo.InvariantCulture, $"{contender.Name} seed {seed}: {trainer.Step} steps, {clock.Cpu.TotalMinutes:F2} CPU min {growth} {note}"));
                }

                if (grids is not null && seed == seeds[0])
                {
                    Directory.CreateDirectory(grids);
                    using var images = trainer.Sample(64, seed: 0);
                    ImageWriter.SaveGrid(images, Path.Combine(grids, $"highres-fmnist{size}-{contender.Name}.png"), new ImageGridOptions { Columns = 8, Range = PixelRange.MinusOneToOne });
                }
            }
        }

        if (grids is not null)
        {
            using var real = data.GetBatch(Enumerable.Range(0, 64).Select(i => (long)i).ToArray());
            ImageWriter.SaveGrid(real.Samples, Path.Combine(grids, $"highres-fmnist{size}-real.png"), new ImageGridOptions { Columns = 8, Range = PixelRange.MinusOneToOne });
        }

        using var classifier = BenchmarkClassifier.Load(train, options, loggerFactory);
        using var space = classifier.AsFeatureSpace();
        var evaluation = new EvaluationOptions { SampleCount = samples, ReferenceCount = samples, Seed = 0, RealFloor = false };
        using var evaluator = GanEvaluator.ForImages(test, [space], classifier, evaluation);
        if (!RunLog.Read<Point>(results).Any(p => p.Model == FloorName && p.Size == size && p.Samples == samples))
        {
            using var roundTrip = Downsample(data, samples); // only the first `samples` are evaluated
            using var floorData = new InMemoryDataset(roundTrip);
            RunLog.Append(results, Point.From(FloorName, "", size, 0, 0, 0, budget, samples, "", evaluator.EvaluateData(floorData, samples)));
        }

        foreach (var s in snapshots)
        {
            using (s.Generator)
            {
                using var generated = Generate(s.Generator, samples, size);
                using var generatedData = new InMemoryDataset(generated);
                var point = Point.From(s.Contender.Name, s.Contender.Description, size, s.Seed, s.Steps, s.Cpu, budget, samples, s.Note, evaluator.EvaluateData(generatedData, samples));
                RunLog.Append(results, point);
                Say(string.Create(CultureInfo.InvariantCulture,
                    $"{point.Model} {size}px seed {s.Seed} @ {point.Steps} ({point.TrainCpuMinutes:F2} CPU min): FID {point.Fid:F2}, classes {point.ClassCoverage * 10:F0}/10, KL {point.ClassKl:F3}"));
            }
        }
    }

    /// <summary>The training images upsampled (bicubic) to <paramref name="size"/> px and stored as bytes, as a folder of larger images would be.</summary>
    private static Tensor Upsample(IGanDataset train, int size) =>
        Transform(train, train.Count, size, x => nn.functional.interpolate(x, [size, size], mode: InterpolationMode.Bicubic, align_corners: false));

    /// <summary>The first <paramref name="count"/> images of a data set, downsampled to 28×28 by area averaging.</summary>
    private static Tensor Downsample(IGanDataset data, long count) => Transform(data, count, 28, DownTo28);

    private static Tensor DownTo28(Tensor images) => nn.functional.adaptive_avg_pool2d(images, [28, 28]);

    // Batch by batch into one byte tensor, so only the result is ever held whole.
    private static Tensor Transform(IGanDataset data, long count, int size, Func<Tensor, Tensor> transform)
    {
        var result = empty([count, 1, size, size], ScalarType.Byte);
        for (long start = 0; start < count; start += 1000)
        {
            using var scope = NewDisposeScope();
            long end = Math.Min(count, start + 1000);
            using var batch = data.GetBatch(Enumerable.Range((int)start, (int)(end - start)).Select(i => (long)i).ToArray());
            result[TensorIndex.Slice(start, end)] = ToBytes(transform(batch.Samples));
        }

        return result;
    }

    private static Tensor Generate(Generator generator, int count, int size)
    {
        var result = empty([count, 1, 28, 28], ScalarType.Byte);
        using var random = new TorchSharp.torch.Generator(12345);
        for (int start = 0; start < count; start += 500)
        {
            using var scope = NewDisposeScope();
            int end = Math.Min(count, start + 500);
            using var images = generator.Generate(end - start, random: random);
            if (images.shape[^1] != size) throw new InvalidOperationException($"The generator produced {images.shape[^1]} px images, not {size}.");
            result[TensorIndex.Slice(start, end)] = ToBytes(DownTo28(images));
        }

        return result;
    }

    private static Tensor ToBytes(Tensor minusOneToOne) => minusOneToOne.add(1).mul(127.5).round().clamp(0, 255).to(ScalarType.Byte);

    private static string Table(string results)
    {
        var c = CultureInfo.InvariantCulture;
        var points = RunLog.Read<Point>(results);
        var sb = new StringBuilder();
        sb.AppendLine(BenchmarkMachine.Describe()).AppendLine();
        foreach (var size in points.Select(p => p.Size).Distinct().Order())
        {
            var atSize = points.Where(p => p.Size == size).ToList();
            var floor = atSize.LastOrDefault(p => p.Steps == 0);
            var runs = atSize.Where(p => p.Steps > 0).ToList();
            var budget = runs.Select(p => p.BudgetCpuMinutes).DefaultIfEmpty(0).Max();
            sb.AppendLine(string.Create(c, $"**{size}×{size} px**, budget {budget:0.##} CPU min per run; FID in the metric classifier's space after downsampling to 28×28, " +
                $"{(floor?.Samples ?? 0):N0} samples against as many test images; floor: real training images up- and downsampled the same way, FID {floor?.Fid:F2}."));
            sb.AppendLine();
            var models = runs.Select(p => p.Model).Distinct().ToList();
            var fractions = runs.GroupBy(p => (p.Model, p.Seed)).Select(g => g.Count()).DefaultIfEmpty(0).Max();
            sb.Append("| model | seeds |");
            for (int i = 0; i < fractions; i++) sb.Append(CultureInfo.InvariantCulture, $" FID at checkpoint {i + 1} (CPU min) |");
            sb.AppendLine(" final FID / floor | final classes (of 10) | final class KL | diverged or collapsed |");
            sb.AppendLine("| --- | --- |" + string.Concat(Enumerable.Repeat(" --- |", fractions)) + " --- | --- | --- | --- |");
            foreach (var model in models)
            {
                var byRun = runs.Where(p => p.Model == model).GroupBy(p => p.Seed).Select(g => g.OrderBy(p => p.TrainCpuMinutes).ToList()).ToList();
                sb.Append(CultureInfo.InvariantCulture, $"| {model} | {string.Join(", ", byRun.Select(r => r[0].Seed))} |");
                for (int i = 0; i < fractions; i++)
                {
                    var at = byRun.Where(r => r.Count > i).Select(r => r[i]).ToList();
                    var fid = MeanAndError.Of(at.Select(p => p.Fid).ToList());
                    var cpu = at.Select(p => p.TrainCpuMinutes).DefaultIfEmpty(double.NaN).Average();
                    sb.Append(CultureInfo.InvariantCulture, $" {fid.Format("F1")} ({cpu:F1}) |");
                }

                var finals = byRun.Select(r => r[^1]).ToList();
                var ratio = MeanAndError.Of(finals.Select(p => p.Fid / (floor?.Fid ?? double.NaN)).ToList());
                var classes = MeanAndError.Of(finals.Select(p => p.ClassCoverage * 10).ToList());
                var kl = MeanAndError.Of(finals.Select(p => p.ClassKl).ToList());
                int bad = finals.Count(p => p.Note.Contains("diverged", StringComparison.Ordinal) || p.ClassCoverage < 0.5);
                sb.AppendLine(CultureInfo.InvariantCulture, $" {ratio.Format("F0")} | {classes.Format("F1")} | {kl.Format("F2")} | {bad} of {finals.Count} |");
            }

            sb.AppendLine();
            foreach (var description in atSize.Where(p => p.Description.Length > 0).Select(p => $"- `{p.Model}`: {p.Description}").Distinct()) sb.AppendLine(description);
            sb.AppendLine();
            sb.AppendLine("| model | seed | steps | train CPU min | FID | classes | class KL | note | load at evaluation | commit | date (UTC) |");
            sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var p in runs.OrderBy(p => p.Model).ThenBy(p => p.Seed).ThenBy(p => p.Steps))
                sb.AppendLine(string.Create(c,
                    $"| {p.Model} | {p.Seed} | {p.Steps:N0} | {p.TrainCpuMinutes:F2} | {p.Fid:F1} | {p.ClassCoverage * 10:F0}/10 | {p.ClassKl:F3} | {p.Note} | {p.Load} | {p.Commit} | {p.Date} |"));
            sb.AppendLine();
            sb.AppendLine("Mean ± standard error over seeds; \"collapsed\": fewer than 5 of 10 classes at the end; a class is covered from 1% of the samples on. Torch threads 1 per process.");
            sb.AppendLine();
        }

        return sb.ToString();
    }

    private static void Say(string line) => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");

    /// <summary>One evaluation, as appended to the results file.</summary>
    internal sealed record Point(string Model, string Description, int Size, long Seed, long Steps, double TrainCpuMinutes, double BudgetCpuMinutes,
        int Samples, string Note, double Fid, double ClassCoverage, double ClassKl, string Load, string Commit, string Date)
    {
        public static Point From(string model, string description, int size, long seed, long steps, double cpu, double budget, int samples, string note, EvaluationReport r) =>
            new(model, description, size, seed, steps, cpu, budget, samples, note, r.FeatureSpaces[0].Fid, r.ClassCoverage ?? double.NaN, r.ClassKl ?? double.NaN,
                BenchmarkMachine.Load(), BenchmarkMachine.Commit(), DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
    }
}
