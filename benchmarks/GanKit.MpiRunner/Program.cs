using System.Diagnostics;
using System.Globalization;
using GanKit.Benchmarks;
using GanKit.Data;
using GanKit.Distributed;
using GanKit.Losses;
using GanKit.Models;
using GanKit.Runtime;
using GanKit.Training;
using static TorchSharp.torch;

using Generator = GanKit.Models.Generator;

// Verbs:
//   equivalence <dp|single> <batch> <steps> <out-prefix> [resume-at]   tiny MLP GAN; writes <out-prefix>.<rank>.bin
//   allreduce [steps] [batch]                                           DCGAN-28/64 all-reduce overhead at N ranks
namespace GanKit.MpiRunner;

internal static class Program
{
    public static int Main(string[] args)
    {
        TorchRuntime.Threads = 1;
        var verb = args.Length > 0 ? args[0] : "";
        try
        {
            return verb switch
            {
                "equivalence" => Equivalence(args),
                "allreduce" => AllReduce(args),
                _ => Usage(),
            };
        }
        catch (MpiUnavailableException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 3;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: GanKit.MpiRunner equivalence <dp|single> <batch> <steps> <out-prefix> [resume-at] | allreduce [steps] [batch]");
        return 2;
    }

    // The same models, data and options in both modes; only the batch and the communicator differ.
    private static int Equivalence(string[] args)
    {
        bool dp = args[1] == "dp";
        int batch = int.Parse(args[2], CultureInfo.InvariantCulture);
        int steps = int.Parse(args[3], CultureInfo.InvariantCulture);
        string prefix = args[4];
        int? resumeAt = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : null;
        using var mpi = dp ? MpiCommunicator.Initialize() : null;
        using var scope = NewDisposeScope();
        using var data = GaussianMixture.Ring8.CreateDataset(4096, seed: 5);

        GanTrainer Build(Generator g, Discriminator d, string? checkpoints)
        {
            var b = GanTrainer.CreateBuilder(g, d).WithBatchSize(batch).WithCriticSteps(2).WithR1Penalty(0.5).WithEma(0.9)
                .WithInstanceNoise(0.05, 10).WithSeed(11);
            if (checkpoints is not null) b = b.WithCheckpoints(checkpoints, every: resumeAt!.Value);
            if (mpi is not null) b = b.WithDataParallel(mpi);
            return b.Build();
        }

        // Rank 1 builds its models with another seed: the trainer must copy rank 0's weights before the first step.
        int rank = mpi?.Rank ?? 0;
        var g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(8).UseMlp(32, 2).WithSeed(1 + 100 * rank).Build();
        var d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(32, 2).WithSeed(2 + 100 * rank).Build();
        GanTrainer trainer;
        if (resumeAt is { } k)
        {
            var dir = prefix + ".checkpoints";
            using (var first = Build(g, d, dir)) first.Train(data, k);
            // A fresh trainer on fresh models, as after a restart: everything comes from rank 0's checkpoint.
            g = Generator.CreateBuilder().ForVectors(2).WithLatentSize(8).UseMlp(32, 2).WithSeed(50 + rank).Build();
            d = Discriminator.CreateBuilder().ForVectors(2).UseMlp(32, 2).WithSeed(60 + rank).Build();
            trainer = Build(g, d, dir);
        }
        else
        {
            trainer = Build(g, d, null);
        }

        using (trainer)
        {
            var result = trainer.Train(data, steps);
            var values = new List<float>();
            foreach (var module in new[] { g.Module, d.Module, trainer.Ema!.Average.Module })
                foreach (var (_, t) in module.state_dict())
                    values.AddRange(t.detach().cpu().to(float32).reshape(-1).data<float>().ToArray());
            var bytes = new byte[values.Count * sizeof(float)];
            Buffer.BlockCopy(values.ToArray(), 0, bytes, 0, bytes.Length);
            File.WriteAllBytes($"{prefix}.{rank}.bin", bytes);
            var last = result.History[^1];
            File.WriteAllText($"{prefix}.{rank}.txt",
                string.Create(CultureInfo.InvariantCulture, $"step={trainer.Step} d_loss={last.DiscriminatorLoss:R} g_loss={last.GeneratorLoss:R} checkpoint={trainer.LastCheckpoint}\n"));
        }

        return 0;
    }

    private static int AllReduce(string[] args)
    {
        int steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        int batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
        using var mpi = MpiCommunicator.Initialize();
        bool root = mpi.Rank == 0;
        if (root)
        {
            Console.WriteLine("# Data-parallel all-reduce overhead (GanKit.MpiRunner allreduce)");
            Console.WriteLine(BenchmarkMachine.Describe() + $"; {mpi.Size} ranks");
            Console.WriteLine($"Per rank: batch {batch}, {steps} timed steps after 2 warm-up steps, torch threads {TorchRuntime.Threads}. " +
                              "Step = wall time of TrainStep on rank 0; wait = barrier before each gradient all-reduce (ranks arriving apart); " +
                              "transfer = the all-reduce itself; CPU = process user+sys time of rank 0 (less sensitive to other processes than wall time). Ratios are from the same run.");
            Console.WriteLine();
            Console.WriteLine("| model | G+D params | grad MB/step | step ms | wait ms | transfer ms | transfer % of step | (wait+transfer) % | MB/s | step CPU ms | transfer CPU ms | transfer CPU % |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        }

        foreach (var (name, ch, size, width) in new[] { ("DCGAN-28", 1, 28, 64), ("DCGAN-64", 3, 64, 32) })
        {
            using var scope = NewDisposeScope();
            var g = Generator.CreateBuilder().ForImages(ch, size, size).WithLatentSize(100).UseDcgan(width).WithSeed(1).Build();
            var d = Discriminator.CreateBuilder().ForImages(ch, size, size).UseDcgan(width).WithSeed(2).Build();
            manual_seed(3);
            using var data = new InMemoryDataset(randint(0, 256, new long[] { 1024, ch, size, size }).to(ScalarType.Byte));
            var timed = new TimedCommunicator(mpi, separateWait: true);
            using var trainer = GanTrainer.CreateBuilder(g, d).WithLoss(GanLosses.NonSaturating).WithBatchSize(batch).WithSeed(4)
                .WithDataParallel(timed).Build();
            for (int i = 0; i < 2; i++) trainer.TrainStep(data);
            timed.Reset();
            var cpu = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) trainer.TrainStep(data);
            double stepMs = clock.Elapsed.TotalMilliseconds / steps;
            double stepCpuMs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds / steps;
            double transferCpuMs = timed.TransferCpu.TotalMilliseconds / steps;
            double waitMs = timed.Wait.TotalMilliseconds / steps, transferMs = timed.Transfer.TotalMilliseconds / steps;
            double mb = timed.Bytes / 1e6 / steps;
            if (root)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {g.ParameterCount + d.ParameterCount:N0} | {mb:F1} | {stepMs:F0} | {waitMs:F1} | {transferMs:F1} | {100 * transferMs / stepMs:F1} | " +
                    $"{100 * (waitMs + transferMs) / stepMs:F1} | {mb / (transferMs / 1000):F0} | {stepCpuMs:F0} | {transferCpuMs:F1} | {100 * transferCpuMs / stepCpuMs:F1} |"));
            }
        }

        // Pure all-reduce of gradient-sized buffers, no training around it: the transfer cost alone, by size.
        if (root)
        {
            Console.WriteLine();
            Console.WriteLine("Isolated all-reduce (sum of float32, barrier first, median of 10):");
            Console.WriteLine();
            Console.WriteLine("| floats | MB | ms | MB/s | CPU ms |");
            Console.WriteLine("|---:|---:|---:|---:|---:|");
        }

        foreach (int n in new[] { 100_000, 1_000_000, 4_000_000, 16_000_000 })
        {
            var buffer = new float[n];
            var times = new List<double>();
            var cpuTimes = new List<double>();
            for (int i = 0; i < 11; i++)
            {
                mpi.Barrier();
                var cpu = Environment.CpuUsage.TotalTime;
                var clock = Stopwatch.StartNew();
                mpi.AllReduceSum(buffer);
                if (i > 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    cpuTimes.Add((Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
                }
            }

            times.Sort();
            cpuTimes.Sort();
            double ms = times[times.Count / 2];
            if (root)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {n:N0} | {n * 4 / 1e6:F1} | {ms:F2} | {n * 4 / 1e3 / ms:F0} | {cpuTimes[cpuTimes.Count / 2]:F2} |"));
        }

        if (root) Console.WriteLine($"\nLoad after the run: {BenchmarkMachine.Load()}");
        return 0;
    }
}
