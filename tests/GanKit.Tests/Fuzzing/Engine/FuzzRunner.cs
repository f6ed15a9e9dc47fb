using System.Diagnostics;
using CsCheck;

namespace GanKit.Fuzzing;

/// <summary>The outcome of one case.</summary>
/// <param name="Index">The case number (replay it with the same seed and index).</param>
/// <param name="SeedName">The valid file it started from.</param>
/// <param name="Mutations">The edits applied.</param>
/// <param name="Outcome">"parsed OK", a documented exception's type name, or "FINDING".</param>
/// <param name="Finding">What broke the contract, or null.</param>
/// <param name="Elapsed">Wall time of the reader call.</param>
/// <param name="AllocatedBytes">Managed bytes allocated by the reader call on its thread.</param>
/// <param name="Input">The bytes the reader saw.</param>
/// <param name="Error">The exception the reader threw, if any.</param>
/// <param name="ResidentGrowth">How far the process's peak resident memory rose above its level before the call (native
/// and managed), or -1 when not measured.</param>
public sealed record FuzzCaseResult(long Index, string SeedName, IReadOnlyList<string> Mutations, string Outcome, string? Finding,
    TimeSpan Elapsed, long AllocatedBytes, byte[] Input, Exception? Error = null, long ResidentGrowth = -1);

/// <summary>Counts for one reader over a run.</summary>
public sealed class FuzzReport
{
    public FuzzReport(string reader) => Reader = reader;

    public string Reader { get; }

    public int Cases { get; private set; }

    public SortedDictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

    public TimeSpan MaxTime { get; private set; }

    public long MaxTimeCase { get; private set; }

    public long MaxAllocatedBytes { get; private set; }

    public long MaxAllocationCase { get; private set; }

    /// <summary>The largest peak resident growth of a case (-1 when not measured).</summary>
    public long MaxResidentGrowth { get; private set; } = -1;

    public long MaxResidentGrowthCase { get; private set; }

    public List<FuzzCaseResult> Findings { get; } = [];

    public bool Aborted { get; set; }

    public void Add(FuzzCaseResult result)
    {
        Cases++;
        Outcomes[result.Outcome] = Outcomes.GetValueOrDefault(result.Outcome) + 1;
        if (result.Elapsed > MaxTime) (MaxTime, MaxTimeCase) = (result.Elapsed, result.Index);
        if (result.AllocatedBytes > MaxAllocatedBytes) (MaxAllocatedBytes, MaxAllocationCase) = (result.AllocatedBytes, result.Index);
        if (result.ResidentGrowth > MaxResidentGrowth) (MaxResidentGrowth, MaxResidentGrowthCase) = (result.ResidentGrowth, result.Index);
        if (result.Finding is not null) Findings.Add(result);
    }
}

/// <summary>
/// Runs fuzz cases against a <see cref="FuzzTarget"/>: builds case <c>i</c>'s input from (seed, reader, i) alone, writes it
/// to a file, calls the reader on a fresh thread with a time limit, and classifies the result against the contract —
/// only documented exceptions, no hang, managed allocation within the target's bound and, when <c>measureResident</c> is
/// on, peak resident growth (native libtorch/Skia memory included) within the target's resident bound. A native crash ends
/// the process; the in-flight case is then named in <c>in-flight.txt</c> of the work folder.
/// </summary>
public sealed class FuzzRunner
{
    public const string ParsedOk = "parsed OK";
    public const string FindingOutcome = "FINDING";

    private readonly FuzzTarget _target;
    private readonly string _directory;
    private readonly ulong _seed;
    private readonly TimeSpan _timeLimit;
    private readonly bool _measureResident;
    private bool _warmedUp;

    /// <param name="target">The reader.</param>
    /// <param name="workDirectory">Where case files go (a sub-folder per reader).</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="timeLimit">The longest a case may take.</param>
    /// <param name="measureResident">Measure each case's peak resident growth (<see cref="ResidentMemory"/>) and hold it to
    /// <see cref="FuzzTarget.ResidentBound"/>. Only meaningful when nothing else runs in the process (not under xunit).</param>
    public FuzzRunner(FuzzTarget target, string workDirectory, ulong seed, TimeSpan timeLimit, bool measureResident = false)
    {
        if (measureResident && !ResidentMemory.Available)
            throw new PlatformNotSupportedException("Resident memory needs /proc/self/status and a writable /proc/self/clear_refs (Linux).");
        _measureResident = measureResident;
        _target = target;
        _directory = Path.Combine(workDirectory, target.Name);
        _seed = seed;
        _timeLimit = timeLimit;
        Directory.CreateDirectory(_directory);
        target.Initialize(_directory);
    }

    /// <summary>Builds the input of case <paramref name="index"/> (deterministic in seed, reader and index).</summary>
    public (FuzzSeed Seed, byte[] Bytes, List<string> Log) BuildCase(long index)
    {
        // One PCG stream per reader, so adding a reader does not change the others' cases.
        var stream = StableHash(_target.Name) & 0x7FFFFFFF;
        var rng = new PCG(stream, _seed * 1_000_003UL + (ulong)index);
        var seed = _target.Seeds[(int)rng.Next((uint)_target.Seeds.Count)];
        var log = new List<string>();
        var bytes = _target.Mutate(seed, rng, log);
        return (seed, bytes, log);
    }

    /// <summary>Runs case <paramref name="index"/>.</summary>
    public FuzzCaseResult RunCase(long index)
    {
        if (_measureResident && !_warmedUp) WarmUp();
        var (seed, bytes, log) = BuildCase(index);
        var path = Path.Combine(_directory, "case" + seed.Extension);
        File.WriteAllBytes(path, bytes);
        File.WriteAllText(Path.Combine(_directory, "in-flight.txt"), $"reader {_target.Name} seed {_seed} case {index} ({seed.Name}): {string.Join("; ", log)}\n");

        Exception? error = null;
        long allocated = 0;
        long residentBefore = 0;
        if (_measureResident)
        {
            ResidentMemory.ResetPeak();
            residentBefore = ResidentMemory.Current();
        }

        var stopwatch = new Stopwatch();
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            stopwatch.Start();
            try
            {
                _target.Run(path, bytes, seed);
            }
            catch (Exception ex)
            {
                error = ex;
            }

            stopwatch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, maxStackSize: 16 * 1024 * 1024) { IsBackground = true, Name = "fuzz case" };
        thread.Start();
        if (!thread.Join(_timeLimit))
        {
            return new FuzzCaseResult(index, seed.Name, log, FindingOutcome,
                $"hang: no result after {_timeLimit.TotalSeconds:0.#} s (the case thread is abandoned)", _timeLimit, 0, bytes);
        }

        long residentGrowth = _measureResident ? Math.Max(0, ResidentMemory.Peak() - residentBefore) : -1;

        string outcome;
        string? finding = null;
        if (error is null) outcome = ParsedOk;
        else if (_target.DocumentedExceptions.Any(t => t.IsInstanceOfType(error))) outcome = error.GetType().Name;
        else
        {
            outcome = FindingOutcome;
            finding = $"undocumented {error.GetType().FullName}: {FirstLine(error.Message)}";
        }

        var bound = _target.AllocationBound(bytes, seed);
        if (allocated > bound)
        {
            outcome = FindingOutcome;
            finding = (finding is null ? "" : finding + "; ") + $"allocated {allocated:N0} managed bytes, over the bound of {bound:N0}"
                      + (error is null ? "" : $" (then {error.GetType().Name}: {FirstLine(error.Message)})");
        }

        if (_measureResident && residentGrowth > _target.ResidentBound(bytes, seed))
        {
            outcome = FindingOutcome;
            finding = (finding is null ? "" : finding + "; ") + $"peak resident memory grew {residentGrowth:N0} bytes, over the bound of {_target.ResidentBound(bytes, seed):N0}"
                      + (error is null ? "" : $" (then {error.GetType().Name}: {FirstLine(error.Message)})");
        }

        return new FuzzCaseResult(index, seed.Name, log, outcome, finding, stopwatch.Elapsed, allocated, bytes, error, residentGrowth);
    }

    /// <summary>
    /// Runs every undamaged seed once, unmeasured: the first call of a reader loads libtorch, Skia and JIT-compiles the
    /// reader, which costs far more resident memory than any case and would otherwise be charged to case 0.
    /// </summary>
    private void WarmUp()
    {
        _warmedUp = true;
        foreach (var seed in _target.Seeds)
        {
            var path = Path.Combine(_directory, "warm-up" + seed.Extension);
            File.WriteAllBytes(path, seed.Bytes);
            var thread = new Thread(() =>
            {
                try
                {
                    _target.Run(path, seed.Bytes, seed);
                }
                catch (Exception)
                {
                    // Seeds are valid (a test checks that); a failure here shows up again in the cases.
                }
            }, maxStackSize: 16 * 1024 * 1024) { IsBackground = true, Name = "fuzz warm-up" };
            thread.Start();
            thread.Join(_timeLimit);
        }
    }

    /// <summary>Runs cases <c>0..cases-1</c>; stops early after a hang (its thread is still running).</summary>
    public FuzzReport Run(int cases, Action<FuzzCaseResult>? onFinding = null)
    {
        var report = new FuzzReport(_target.Name);
        for (long i = 0; i < cases; i++)
        {
            var result = RunCase(i);
            report.Add(result);
            if (result.Finding is null) continue;
            onFinding?.Invoke(result);
            if (result.Finding.StartsWith("hang", StringComparison.Ordinal))
            {
                report.Aborted = true;
                break;
            }
        }

        return report;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n')[0].Trim();
        return line.Length > 240 ? line[..240] + "…" : line;
    }

    private static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (var c in text) hash = (hash ^ c) * 16777619;
        return hash;
    }
}
