using System.Diagnostics;
using GanKit.Onnx;
using GanKit.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Performance;

/// <summary>
/// Sampling throughput of an exported generator in ONNX Runtime next to the same generator's <c>Generate</c> in TorchSharp
/// (what <c>trainer.Sample</c> runs), one thread each, measured alternately in one process as CPU seconds per batch
/// (user + sys of the process, so other processes on a shared machine do not count). Verb: <c>onnx-sampling [--batch N] [--runs N]</c>.
/// </summary>
internal static class OnnxSamplingBenchmark
{
    public static int Run(string[] args)
    {
        int batch = Arg(args, "--batch", 64), runs = Arg(args, "--runs", 9);
        TorchRuntime.Threads = 1;
        Console.WriteLine($"Sampling, batch {batch}, 1 thread each (TorchRuntime.Threads = 1; ORT intra-op threads 1), median of {runs} alternating runs, CPU time of the process.");
        Console.WriteLine();
        Console.WriteLine("| generator | TorchSharp Generate (images/CPU s) | ONNX Runtime (images/CPU s) | ORT / torch | max abs difference |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var c in new[] { GanCase.Dcgan28Ns, GanCase.Dcgan64Ns })
        {
            var (g, d) = BenchModels.Models(c);
            d.Dispose();
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
            using var session = new InferenceSession(OnnxExport.ExportGenerator(g), options);
            using var rng = new TorchSharp.torch.Generator(1);
            using var z = randn([batch, g.LatentSize], generator: rng);
            var latent = new DenseTensor<float>(z.data<float>().ToArray(), [batch, g.LatentSize]);
            var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(OnnxMetadataKeys.LatentInput, latent) };

            double difference;
            using (inference_mode())
            {
                g.Network.eval();
                using var expected = g.Forward(z);
                using var results = session.Run(inputs);
                var actual = results.Single().AsTensor<float>().ToArray();
                var reference = expected.data<float>().ToArray();
                difference = actual.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
            }

            void Torch() => g.Generate(batch, random: rng).Dispose();
            void Ort()
            {
                using var results = session.Run(inputs);
            }

            var (torchSeconds, ortSeconds) = PairedCpuMedians(Torch, Ort, warmup: 2, runs);
            Console.WriteLine($"| {c} | {batch / torchSeconds:F0} | {batch / ortSeconds:F0} | {torchSeconds / ortSeconds:F2} | {difference:E1} |");
            g.Dispose();
        }

        Console.WriteLine();
        Console.WriteLine($"Load at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static (double A, double B) PairedCpuMedians(Action a, Action b, int warmup, int runs)
    {
        for (int i = 0; i < warmup; i++) { a(); b(); }
        var process = Process.GetCurrentProcess();
        double Cpu()
        {
            process.Refresh();
            return process.TotalProcessorTime.TotalSeconds;
        }

        var ta = new double[runs];
        var tb = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var t0 = Cpu();
            a();
            var t1 = Cpu();
            b();
            var t2 = Cpu();
            ta[i] = t1 - t0;
            tb[i] = t2 - t1;
        }

        Array.Sort(ta);
        Array.Sort(tb);
        return (ta[runs / 2], tb[runs / 2]);
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
