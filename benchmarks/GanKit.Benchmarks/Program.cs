using BenchmarkDotNet.Running;
using GanKit.Benchmarks.Performance;

// Verbs:
//   perf [BenchmarkDotNet args]   BenchmarkDotNet suite (training step: trainer vs hand-written loop)
//   report [--quick] [--out F]    performance report: step ratio, FLOP rate vs GEMM, sampling, style transfer
//   memory [--steps N]            memory soak: 10,000 GAN steps and 1,000 style iterations
//   quality-mixtures / quality-fmnist   the quality tables of docs/benchmarks.md
//   style-quality [--pairs C=S,...] [--size 512]   style-transfer scores and time per pair (docs/style-transfer.md)
var verb = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
return verb switch
{
    "perf" => Run(() => BenchmarkSwitcher.FromAssembly(typeof(TrainingStepBenchmarks).Assembly).Run(rest.Length > 0 ? rest : ["--filter", "*"])),
    "report" => PerformanceReport.Run(rest),
    "memory" => MemorySoak.Run(rest),
    "quality-mixtures" => GanKit.Benchmarks.Quality.QualityBenchmarks.RunMixtures(rest),
    "quality-fmnist" => GanKit.Benchmarks.Quality.QualityBenchmarks.RunFashionMnist(rest),
    "style-quality" => GanKit.Benchmarks.Style.StyleQualityBenchmark.Run(rest),
    _ => Usage(),
};

static int Run(Action action)
{
    action();
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: GanKit.Benchmarks perf|report|memory|quality-mixtures|quality-fmnist|style-quality [options]");
    return 2;
}
