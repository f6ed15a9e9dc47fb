using BenchmarkDotNet.Running;
using GanKit.Benchmarks.Performance;

// Verbs:
//   perf [BenchmarkDotNet args]   BenchmarkDotNet suite (training step: trainer vs hand-written loop)
//   report [--quick] [--out F]    performance report: step ratio, FLOP rate vs GEMM, sampling, style transfer
//   memory [--steps N]            memory soak: 10,000 GAN steps and 1,000 style iterations
//   quality-mixtures / quality-fmnist / quality-stacked / quality-convergence   the quality tables of docs/benchmarks.md
//   quality-classifier            the metric classifier: accuracy (plain and stacked) and training CPU time
//   kid-timing [--rounds N]       KID (100 subsets of 1,000, 2,000×64) vs NumPy + BLAS, 1 thread each (docs/metrics.md)
//   knn-timing [N D threads]      precision/recall/density/coverage on two N×D Gaussian sets (default 2000×512, 1 thread)
//   metric-parity                 FID/KID/k-NN metrics on the golden cases next to the reference values (docs/metrics.md)
//   fuzz [--cases N] [--seed S] [--reader NAME]   the reader fuzz targets (docs/fuzzing.md)
//   learned-outcomes CASE [--seeds 1-10] [--threads 1,2]   a learned-outcome test's recipe over seeds and threads
//   style-quality [--pairs C=S,...] [--size 512]   style-transfer scores and time per pair (docs/style-transfer.md)
//   highres-sprites [--budget CPU_S] [--seeds 1,2,3]   DCGAN vs MSG-GAN vs progressive on the 64×64 sprite world (docs/benchmarks.md)
//   highres-fmnist [--size 64] [--budget-minutes 5] [--seeds 1,2,3]   the same three on Fashion-MNIST upsampled to 64/128 px, FID after downsampling
//   onnx-sampling [--batch 64] [--runs 9]   exported generators in ONNX Runtime vs TorchSharp's Generate, 1 thread (docs/onnx.md)
var verb = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
return verb switch
{
    "perf" => Run(() => BenchmarkSwitcher.FromAssembly(typeof(TrainingStepBenchmarks).Assembly).Run(rest.Length > 0 ? rest : ["--filter", "*"])),
    "report" => PerformanceReport.Run(rest),
    "memory" => MemorySoak.Run(rest),
    "quality-mixtures" => GanKit.Benchmarks.Quality.QualityBenchmarks.RunMixtures(rest),
    "kid-timing" => GanKit.Benchmarks.Metrics.KidTiming.Run(rest),
    "knn-timing" => GanKit.Benchmarks.Metrics.KnnTiming.Run(rest),
    "metric-parity" => GanKit.Benchmarks.Metrics.MetricParityReport.Run(rest),
    "quality-fmnist" => GanKit.Benchmarks.Quality.QualityBenchmarks.RunFashionMnist(rest),
    "quality-classifier" => GanKit.Benchmarks.Quality.ClassifierBenchmark.Run(rest),
    "quality-stacked" => GanKit.Benchmarks.Quality.StackedBenchmark.Run(rest),
    "quality-convergence" => GanKit.Benchmarks.Quality.ConvergenceBenchmark.Run(rest),
    "fuzz" => GanKit.Benchmarks.Fuzzing.FuzzBenchmark.Run(rest),
    "learned-outcomes" => GanKit.Benchmarks.Robustness.LearnedOutcomes.Run(rest),
    "style-quality" => GanKit.Benchmarks.Style.StyleQualityBenchmark.Run(rest),
    "highres-sprites" => GanKit.Benchmarks.HighResolution.SpriteBenchmark.Run(rest),
    "highres-fmnist" => GanKit.Benchmarks.HighResolution.UpsampledFashionMnistBenchmark.Run(rest),
    "onnx-sampling" => OnnxSamplingBenchmark.Run(rest),
    _ => Usage(),
};

static int Run(Action action)
{
    action();
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: GanKit.Benchmarks perf|report|memory|quality-mixtures|quality-fmnist|kid-timing|knn-timing|metric-parity|fuzz|learned-outcomes|style-quality|onnx-sampling|highres-sprites [options]");
    return 2;
}
