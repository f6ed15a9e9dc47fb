using System.Runtime.InteropServices;
using GanKit.Fuzzing;

namespace GanKit.Tests.Fuzzing;

/// <summary>The native-memory measurement of the fuzz runner sees what the managed counters cannot.</summary>
/// <remarks>Resident memory is the whole process's: other tests running meanwhile would move it.</remarks>
[Collection(GanKit.Tests.TestSupport.GlobalTorchStateCollection.Name)]
public sealed class ResidentMemoryTests : IDisposable
{
    private const int NativeBytes = 96 << 20;
    private readonly string _work = Directory.CreateTempSubdirectory("gankit-resident-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SkippableFact]
    public void A_touched_native_allocation_raises_the_peak_and_a_reset_brings_it_back_down()
    {
        Skip.IfNot(ResidentMemory.Available, "needs Linux /proc/self/clear_refs");
        ResidentMemory.ResetPeak();
        long before = ResidentMemory.Current();
        TouchNative(NativeBytes);

        ResidentMemory.Peak().Should().BeGreaterThanOrEqualTo(before + NativeBytes * 9L / 10, "the freed native block was resident");
        ResidentMemory.ResetPeak();
        ResidentMemory.Peak().Should().BeLessThan(before + NativeBytes * 9L / 10, "the reset starts again from the current size");
    }

    [SkippableFact]
    public void The_runner_reports_a_case_whose_native_memory_exceeds_the_resident_bound()
    {
        Skip.IfNot(ResidentMemory.Available, "needs Linux /proc/self/clear_refs");
        using var target = new NativeHog();

        var measured = new FuzzRunner(target, _work, seed: 1, TimeSpan.FromSeconds(20), measureResident: true).RunCase(0);
        var unmeasured = new FuzzRunner(target, _work, seed: 1, TimeSpan.FromSeconds(20)).RunCase(0);

        measured.Outcome.Should().Be(FuzzRunner.FindingOutcome);
        measured.Finding.Should().Contain("peak resident memory grew");
        measured.ResidentGrowth.Should().BeGreaterThanOrEqualTo(NativeBytes * 9L / 10);
        measured.AllocatedBytes.Should().BeLessThan(1 << 20, "the managed counter does not see it");
        unmeasured.Outcome.Should().Be(FuzzRunner.ParsedOk, "without the measurement the hog goes unnoticed");
    }

    private static void TouchNative(int bytes)
    {
        var block = Marshal.AllocHGlobal(bytes);
        try
        {
            for (int i = 0; i < bytes; i += 4096) Marshal.WriteByte(block, i, 1);
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    /// <summary>A "reader" that touches 96 MiB of native memory and declares a 32 MiB resident bound.</summary>
    private sealed class NativeHog : FuzzTarget
    {
        public override string Name => "native-hog";

        public override IReadOnlyList<Type> DocumentedExceptions { get; } = [typeof(IOException)];

        public override IReadOnlyList<FuzzSeed> Seeds { get; } = [new("one", [1, 2, 3], ".bin")];

        public override void Run(string path, byte[] bytes, FuzzSeed seed) => TouchNative(NativeBytes);

        public override long AllocationBound(byte[] bytes, FuzzSeed seed) => 1 << 20;

        public override long ResidentBound(byte[] bytes, FuzzSeed seed) => 32 << 20;
    }
}
