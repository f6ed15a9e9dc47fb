using System.Globalization;
using System.Text;
using GanKit.Benchmarks.Quality;
using GanKit.Data;
using GanKit.Imaging;
using GanKit.Losses;
using GanKit.Models;
using GanKit.Runtime;
using GanKit.Training;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

namespace GanKit.Benchmarks.HighResolution;

/// <summary>
/// `highres-sprites`: plain DCGAN, MSG-GAN and progressive growing on the procedural 64×64 sprite world (36 modes),
/// each trained for the same CPU budget (process CPU time, torch threads as given), then judged by the rule-based
/// reader: modes covered and the fraction of well-formed samples.
/// </summary>
internal static class SpriteBenchmark
{
    public static int Run(string[] args)
    {
        var options = QualityArgs.Parse(args);
        double budget = options.Double("budget", 90);
        var seeds = options.Longs("seeds", [1]);
        int samples = options.Int("samples", 360);
        int perMode = options.Int("per-mode", 80);
        int threads = options.Int("threads", 1);
        int batch = options.Int("batch", 32);
        var schedule = ProgressiveSchedule.Parse(options.String("schedule", "start=8,stable=960,fade=960"));
        var names = options.List("models", ["dcgan", "msg", "progressive"]);
        var output = options.String("out", "artifacts/quality/highres-sprites.md");
        var grids = options.OptionalString("grids");
        TorchRuntime.EnsureLoaded();
        set_num_threads(threads);
        TorchRuntime.Threads = threads;

        var (images, modes) = SpriteWorld.Render(perMode, seed: 0);
        using var data = new InMemoryDataset(images);
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.AppendLine(BenchmarkMachine.Describe()).AppendLine();
        sb.AppendLine(string.Create(c, $"Sprite world: {images.shape[0]:N0} images 64×64 RGB, {SpriteWorld.Modes} modes (3 shapes × 3 colours × 4 cells), {perMode} per mode. " +
                                       $"Budget {budget:F0} CPU s per run (process CPU time), torch threads {threads}, batch {batch}, {samples} samples judged per run. " +
                                       $"Load at start: {BenchmarkMachine.Load()}."));
        sb.AppendLine();
        sb.AppendLine("| model | seed | parameters G / D | steps in budget | CPU s | wall s | modes covered (of 36) | well-formed | note |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var (realCovered, realWellFormed) = Judge(images[..samples]);
        int correct = Enumerable.Range(0, samples).Count(i => Read(images[i]) == modes[i]);
        sb.AppendLine(string.Create(c, $"| real data (reader floor) | — | — | — | — | — | {realCovered} | {realWellFormed:P1} | reader agrees with the true mode on {correct}/{samples} |"));
        Say(sb.ToString());

        var contenders = HighResolutionContender.All(3, 64, schedule);

        foreach (var contender in contenders.Where(x => names.Contains(x.Name)))
        foreach (var seed in seeds)
        {
            var (g, d) = contender.Models(seed);
            using (g)
            using (d)
            {
                using var trainer = contender.Configure(GanTrainer.CreateBuilder(g, d)).WithLoss(GanLosses.NonSaturating).WithBatchSize(batch)
                    .WithEma(0.99).WithSeed(seed).Build();
                var clock = new CpuClock();
                string note = "";
                try
                {
                    while (clock.Cpu.TotalSeconds < budget) trainer.Train(data, trainer.Step + 5);
                }
                catch (TrainingDivergedException ex)
                {
                    note = $"diverged at step {ex.Step}";
                }

                double cpu = clock.Cpu.TotalSeconds, wall = clock.Wall.TotalSeconds;
                using var generated = trainer.Sample(samples, seed: 0);
                var (covered, wellFormed) = Judge(generated);
                if (trainer.Growth is { } growth) note += (note.Length > 0 ? "; " : "") + $"ended at {growth}";
                if (covered <= 3 && wellFormed >= 0.5 && note.Length == 0) note = "collapsed (≤ 3 modes)";
                long pg = g.Parameters().Sum(p => p.numel()), pd = d.Parameters().Sum(p => p.numel());
                var row = string.Create(c, $"| {contender.Name} | {seed} | {pg:N0} / {pd:N0} | {trainer.Step:N0} | {cpu:F0} | {wall:F0} | {covered} | {wellFormed:P1} | {note} |");
                sb.AppendLine(row);
                Say(row);
                if (grids is not null && seed == seeds[0])
                {
                    Directory.CreateDirectory(grids);
                    ImageWriter.SaveGrid(generated[..64], Path.Combine(grids, $"highres-sprites-{contender.Name}.png"), new ImageGridOptions { Columns = 8, Range = PixelRange.MinusOneToOne });
                }

                File.WriteAllText(output + ".partial", sb.ToString());
            }
        }

        if (grids is not null) ImageWriter.SaveGrid(images[..64], Path.Combine(grids, "highres-sprites-real.png"), new ImageGridOptions { Columns = 8, Range = PixelRange.MinusOneToOne });
        sb.AppendLine();
        sb.AppendLine($"Load at end: {BenchmarkMachine.Load()}. Modes covered: distinct modes the reader finds among the samples; well-formed: samples the reader can assign a mode at all.");
        Console.WriteLine(sb);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, sb.ToString());
        Console.WriteLine($"written to {output}");
        return 0;
    }

    private static int Read(Tensor image) => SpriteWorld.Read(image.contiguous().data<float>().ToArray());

    private static (int Covered, double WellFormed) Judge(Tensor batch)
    {
        var found = new HashSet<int>();
        int ok = 0;
        for (int i = 0; i < batch.shape[0]; i++)
        {
            using var image = batch[i];
            int mode = Read(image);
            if (mode < 0) continue;
            ok++;
            found.Add(mode);
        }

        return (found.Count, (double)ok / batch.shape[0]);
    }

    private static void Say(string line) => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
}
