// Trains a DCGAN on Fashion-MNIST and writes a grid of samples.
// Usage: dotnet run --project samples/TrainFashionMnist -- [steps] [out.png]
using GanKit.Data;
using GanKit.Imaging;
using GanKit.Losses;
using GanKit.Models;
using GanKit.Training;

long steps = args.Length > 0 ? long.Parse(args[0]) : 2000;
string output = args.Length > 1 ? args[1] : "fashion-samples.png";

using var data = IdxFiles.LoadFashionMnist();            // /usr/share/datasets/fashion-mnist (Debian package)

using var generator = Generator.CreateBuilder()                 // the trainer does not own the models: dispose them
    .WithLatentSize(64).ForImages(channels: 1, height: 28, width: 28)
    .UseDcgan(baseChannels: 32).WithClasses(10).WithSeed(1).Build();
using var discriminator = Discriminator.CreateBuilder()
    .ForImages(1, 28, 28).UseDcgan(32).WithSpectralNorm().WithClasses(10).WithSeed(2).Build();

using var trainer = GanTrainer.CreateBuilder(generator, discriminator)
    .WithLoss(GanLosses.Hinge)
    .WithOptimizers(OptimizerSettings.Adam(2e-4, 0.0, 0.9), OptimizerSettings.Adam(4e-4, 0.0, 0.9))
    .WithEma(0.999)
    .WithSeed(42)
    .WithCheckpoints("runs/fashion-sample", every: 500, keep: 2)
    .Build();

var progress = new Progress<TrainingProgress>(p =>
    Console.Write($"\rstep {p.Step}/{p.TargetStep}  D {p.Metrics.DiscriminatorLoss:F3}  G {p.Metrics.GeneratorLoss:F3}  {p.StepsPerSecond:F1} steps/s   "));
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };   // Ctrl+C: checkpoint, then stop

try
{
    var result = await trainer.TrainAsync(data, steps, progress, cancel.Token);
    Console.WriteLine($"\ntrained to step {result.FinalStep} in {result.Elapsed:mm\\:ss}");
}
catch (OperationCanceledException)
{
    Console.WriteLine($"\nstopped at step {trainer.Step}; run again to resume from {trainer.LastCheckpoint}");
}

using var range = TorchSharp.torch.arange(100);
using var classes = range % 10;                              // ten of each class, one class per column
using var images = trainer.Sample(100, classes, seed: 0);
ImageWriter.SaveGrid(images, output, new ImageGridOptions { Columns = 10, Range = PixelRange.MinusOneToOne });
Console.WriteLine($"samples written to {output}");
