using System.Diagnostics;
using GanKit.IO;
using GanKit.Tests.TestSupport;

namespace GanKit.Tests.IO;

public sealed class AtomicFileTests
{
    [Fact]
    public void The_temporaries_of_dead_writers_are_deleted_and_those_of_running_ones_kept()
    {
        using var temp = new TempDirectory();
        int dead = DeadProcessId();
        string Temporary(string target, int pid) => Path.Combine(temp.Path, $".{target}.{pid}.{Guid.NewGuid():N}.tmp");
        var abandoned = Temporary("step-00000010.gkc", dead);
        var ours = Temporary("step-00000011.gkc", Environment.ProcessId);
        var running = Temporary("step-00000012.gkc", 1); // init: always alive
        var otherTarget = Temporary("samples.png", dead);
        var checkpoint = Path.Combine(temp.Path, "step-00000009.gkc");
        foreach (var f in new[] { abandoned, ours, running, otherTarget, checkpoint }) File.WriteAllText(f, "x");

        AtomicFile.DeleteAbandonedTemporaries(temp.Path, "step-*.gkc").Should().Be(1);

        File.Exists(abandoned).Should().BeFalse();
        new[] { ours, running, otherTarget, checkpoint }.Should().OnlyContain(f => File.Exists(f));
    }

    [Theory]
    [InlineData(".step-00000010.gkc.4242.0123456789abcdef0123456789abcdef.tmp", 4242)]
    [InlineData(".a.b.c.7.0123456789ABCDEF0123456789ABCDEF.tmp", 7)]
    [InlineData("step-00000010.gkc.4242.0123456789abcdef0123456789abcdef.tmp", null)]
    [InlineData(".step-00000010.gkc.x.0123456789abcdef0123456789abcdef.tmp", null)]
    [InlineData(".step-00000010.gkc.4242.notaguid.tmp", null)]
    [InlineData(".step-00000010.gkc", null)]
    public void The_writer_process_is_read_from_the_temporary_name(string name, int? pid) =>
        AtomicFile.WriterProcessId(name).Should().Be(pid);

    [Fact]
    public void A_write_leaves_no_temporary_and_replaces_the_target()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "file.bin");
        AtomicFile.WriteAllBytes(path, [1, 2]);
        AtomicFile.WriteAllBytes(path, [3]);
        File.ReadAllBytes(path).Should().Equal(3);
        Directory.GetFiles(temp.Path).Should().ContainSingle();
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
