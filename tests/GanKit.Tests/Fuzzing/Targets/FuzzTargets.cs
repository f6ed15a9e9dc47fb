namespace GanKit.Fuzzing;

/// <summary>Every reader of untrusted bytes, by the name <c>--reader</c> takes.</summary>
public static class FuzzTargets
{
    /// <summary>The reader names, in run order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["idx", "idx-gz", "image", "checkpoint", "onnx", "vgg", "npy"];

    /// <summary>Creates the target named <paramref name="name"/>.</summary>
    public static FuzzTarget Create(string name) => name switch
    {
        "idx" => new IdxFuzzTarget(gzip: false),
        "idx-gz" => new IdxFuzzTarget(gzip: true),
        "image" => new ImageFuzzTarget(),
        "checkpoint" => new CheckpointFuzzTarget(),
        "onnx" => new OnnxFuzzTarget(),
        "vgg" => new VggFuzzTarget(),
        "npy" => new NpyFuzzTarget(),
        _ => throw new ArgumentException($"Unknown reader '{name}'; the readers are {string.Join(", ", Names)}.", nameof(name)),
    };
}
