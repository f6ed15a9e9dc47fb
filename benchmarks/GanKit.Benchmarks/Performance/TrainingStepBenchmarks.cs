using BenchmarkDotNet.Attributes;
using GanKit.Data;
using GanKit.Models;
using GanKit.Training;
using Generator = GanKit.Models.Generator;

namespace GanKit.Benchmarks.Performance;

/// <summary>One training step: GanKit's trainer against a hand-written TorchSharp loop of the same model and maths (Ratio column).</summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: 4)]
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private Generator _g1 = null!, _g2 = null!;
    private Discriminator _d1 = null!, _d2 = null!;
    private InMemoryDataset _data = null!;
    private HandWrittenLoop _loop = null!;
    private GanTrainer _trainer = null!;

    /// <summary>The model and loss.</summary>
    [Params(GanCase.Dcgan28Ns, GanCase.Dcgan28WganGp, GanCase.Dcgan64Ns, GanCase.Dcgan64WganGp)]
    public GanCase Case { get; set; }

    /// <summary>Builds both setups.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _data = BenchModels.Data(Case);
        (_g1, _d1) = BenchModels.Models(Case);
        (_g2, _d2) = BenchModels.Models(Case);
        _loop = new HandWrittenLoop(_g1, _d1, _data, BenchModels.IsWgan(Case));
        _trainer = BenchModels.Trainer(Case, _g2, _d2);
    }

    /// <summary>The plain TorchSharp loop.</summary>
    [Benchmark(Baseline = true)]
    public void HandWritten() => _loop.Step();

    /// <summary>GanKit's trainer.</summary>
    [Benchmark]
    public StepMetrics GanKitTrainer() => _trainer.TrainStep(_data);

    /// <summary>Frees everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _loop.Dispose();
        _trainer.Dispose();
        foreach (var m in new IDisposable[] { _g1, _g2, _d1, _d2, _data }) m.Dispose();
    }
}
