// Samples a GAN generator exported to ONNX (gankit export --run RUN --out generator.onnx) and writes a PNG grid, with
// ONNX Runtime and SkiaSharp only: no GanKit, no TorchSharp, no libtorch in the app.
//
//   dotnet run --project samples/OnnxSampler -c Release -- generator.onnx grid.png [--count 64] [--seed 1] [--class C]
//       [--columns K] [--threads T] [--repeat R]
//
// The model's metadata (written by GanKit's exporter) says how to feed it: gankit.latent_size, gankit.sample_shape,
// gankit.output_range, gankit.class_count. --repeat R runs the batch R more times and prints images per second.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;

if (args.Length < 2 || args[0].StartsWith('-') || args[1].StartsWith('-'))
{
    Console.Error.WriteLine("usage: OnnxSampler GENERATOR.onnx OUT.png [--count N] [--seed S] [--class C] [--columns K] [--threads T] [--repeat R]");
    return 2;
}

var (modelPath, outPath) = (args[0], args[1]);
int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

int count = Option("--count", 64), seed = Option("--seed", 1), chosenClass = Option("--class", -1), threads = Option("--threads", 1);
int repeat = Option("--repeat", 0);

using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
using var session = new InferenceSession(modelPath, options);
var meta = session.ModelMetadata.CustomMetadataMap;
int latentSize = int.Parse(meta["gankit.latent_size"], CultureInfo.InvariantCulture);
int[] sampleShape = meta["gankit.sample_shape"].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
int classCount = int.Parse(meta["gankit.class_count"], CultureInfo.InvariantCulture);
string range = meta["gankit.output_range"];
string[]? classNames = meta.TryGetValue("gankit.class_names", out var json) ? JsonSerializer.Deserialize<string[]>(json) : null;

// Standard normal latents (Box–Muller) and, for conditional generators, labels cycling through the classes.
var random = new Random(seed);
var latent = new DenseTensor<float>([count, latentSize]);
for (int i = 0; i < latent.Length; i++)
    latent.SetValue(i, (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())));
var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("latent", latent) };
if (classCount > 0)
{
    var labels = new DenseTensor<long>([count]);
    for (int i = 0; i < count; i++) labels[i] = chosenClass >= 0 ? chosenClass : i % classCount;
    inputs.Add(NamedOnnxValue.CreateFromTensor("labels", labels));
}

float[] samples;
using (var results = session.Run(inputs)) samples = results.Single(r => r.Name == "samples").AsTensor<float>().ToArray();

if (repeat > 0)
{
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    for (int r = 0; r < repeat; r++)
    {
        using var results = session.Run(inputs);
    }

    wall.Stop();
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"batch {count}, {repeat} runs: {count * repeat / cpu:F1} images per CPU second, {count * repeat / wall.Elapsed.TotalSeconds:F1} images/s wall, {threads} thread(s)"));
}

using var bitmap = sampleShape.Length == 3 ? Grid(samples, sampleShape, count, Option("--columns", (int)Math.Ceiling(Math.Sqrt(count))), range)
    : Scatter(samples, count);
using (var file = File.Create(outPath)) bitmap.Encode(file, SKEncodedImageFormat.Png, 100);
var labelText = classCount == 0 ? "" : chosenClass >= 0 ? $", class {chosenClass}{(classNames is null ? "" : $" ({classNames[chosenClass]})")}" : $", classes 0..{classCount - 1}";
Console.WriteLine($"wrote {count} samples [{string.Join(",", sampleShape)}] to {outPath}{labelText}");
return 0;

// Images [N,C,H,W] in the model's output range → a grid with 2-pixel gaps.
static SKBitmap Grid(float[] values, int[] shape, int count, int columns, string range)
{
    int channels = shape[0], height = shape[1], width = shape[2], gap = 2;
    int rows = (count + columns - 1) / columns;
    var (low, high) = range switch
    {
        "-1,1" => (-1f, 1f),
        "0,1" => (0f, 1f),
        _ => (values.Min(), values.Max()),
    };
    var bitmap = new SKBitmap(columns * (width + gap) + gap, rows * (height + gap) + gap, SKColorType.Rgba8888, SKAlphaType.Opaque);
    bitmap.Erase(SKColors.Black);
    byte Byte(float v) => (byte)Math.Clamp((int)MathF.Round((v - low) / (high - low) * 255f), 0, 255);
    for (int n = 0; n < count; n++)
    {
        int x0 = gap + n % columns * (width + gap), y0 = gap + n / columns * (height + gap);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            float Channel(int c) => values[((n * channels + Math.Min(c, channels - 1)) * height + y) * width + x];
            bitmap.SetPixel(x0 + x, y0 + y, new SKColor(Byte(Channel(0)), Byte(Channel(1)), Byte(Channel(2))));
        }
    }

    return bitmap;
}

// 2-D points [N,2] → a 256×256 scatter plot scaled to the points' extent.
static SKBitmap Scatter(float[] values, int count)
{
    const int size = 256;
    var bitmap = new SKBitmap(size, size);
    bitmap.Erase(SKColors.White);
    float extent = Math.Max(1e-6f, values.Select(Math.Abs).Max()) * 1.1f;
    using var canvas = new SKCanvas(bitmap);
    using var paint = new SKPaint { Color = SKColors.SteelBlue, IsAntialias = true };
    for (int n = 0; n < count; n++)
        canvas.DrawCircle((values[2 * n] / extent + 1) * size / 2, (1 - values[2 * n + 1] / extent) * size / 2, 2, paint);
    return bitmap;
}
