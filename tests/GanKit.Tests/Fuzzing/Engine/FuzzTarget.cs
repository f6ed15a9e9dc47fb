using CsCheck;

namespace GanKit.Fuzzing;

/// <summary>A valid input a target mutates, with the file extension the reader expects.</summary>
/// <param name="Name">A short name for reports.</param>
/// <param name="Bytes">The valid file.</param>
/// <param name="Extension">The file extension (with the dot).</param>
public sealed record FuzzSeed(string Name, byte[] Bytes, string Extension);

/// <summary>
/// One reader of untrusted bytes under fuzzing: its valid seeds, how to damage them (generic mutations plus any
/// structure-aware ones, e.g. re-computing a checksum so the damage reaches the parser behind it), how to run the
/// reader on a file, which exceptions its documentation allows, and how much it may allocate.
/// </summary>
public abstract class FuzzTarget : IDisposable
{
    /// <summary>The name used by <c>--reader</c> and in reports.</summary>
    public abstract string Name { get; }

    /// <summary>The exception types the reader documents for bad files (subclasses count too).</summary>
    public abstract IReadOnlyList<Type> DocumentedExceptions { get; }

    /// <summary>The valid files that cases start from.</summary>
    public abstract IReadOnlyList<FuzzSeed> Seeds { get; }

    /// <summary>Builds the case's input from a seed; by default the generic <see cref="Mutator"/> edits.</summary>
    public virtual byte[] Mutate(FuzzSeed seed, PCG rng, List<string> log) => Mutator.Mutate(seed.Bytes, rng, log);

    /// <summary>Runs the reader on <paramref name="path"/> (holding <paramref name="bytes"/>) and releases whatever it returned.</summary>
    public abstract void Run(string path, byte[] bytes, FuzzSeed seed);

    /// <summary>The most managed memory one case may allocate, from the documented limits and the input size.</summary>
    public abstract long AllocationBound(byte[] bytes, FuzzSeed seed);

    /// <summary>
    /// The most the process's peak resident memory may rise during one case — libtorch and Skia allocations included —
    /// from the documented limits and the input size. By default the managed bound plus 64 MiB, which covers the
    /// allocators' and the runtime's own noise (a fresh thread's stack, arena growth, a GC heap segment).
    /// </summary>
    public virtual long ResidentBound(byte[] bytes, FuzzSeed seed) => AllocationBound(bytes, seed) + (64L << 20);

    /// <summary>Sets up shared state (e.g. companion files) in <paramref name="workDirectory"/> before the first case.</summary>
    public virtual void Initialize(string workDirectory) { }

    /// <inheritdoc />
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
