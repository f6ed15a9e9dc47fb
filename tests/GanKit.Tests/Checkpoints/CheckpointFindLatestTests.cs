using GanKit.Checkpoints;
using GanKit.Tests.TestSupport;

namespace GanKit.Tests.Checkpoints;

public sealed class CheckpointFindLatestTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Touch(string name)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, []);
        return path;
    }

    [Fact]
    public void The_newest_checkpoint_is_the_highest_step_even_past_eight_digits()
    {
        Touch("step-00000009.gkc");
        Touch("step-99999999.gkc");
        var longRun = Touch("step-100000000.gkc"); // sorts before step-99999999 by name
        Checkpoint.FindLatest(_dir.Path).Should().Be(longRun);
    }

    [Fact]
    public void Temporary_and_foreign_files_are_never_taken_for_checkpoints()
    {
        var real = Touch("step-00000004.gkc");
        Touch(".step-00000008.gkc.1234.0f8fad5bd9cb469fa16570867728950e.tmp"); // a write a kill interrupted
        Touch("step-latest.gkc");
        Touch("step-.gkc");
        Touch("notes.txt");
        Checkpoint.FindLatest(_dir.Path).Should().Be(real);
    }

    [Fact]
    public void An_empty_or_missing_folder_has_no_checkpoint()
    {
        Checkpoint.FindLatest(_dir.Path).Should().BeNull();
        Checkpoint.FindLatest(_dir.File("missing")).Should().BeNull();
        var read = () => Checkpoint.ReadInfo(_dir.Path);
        read.Should().Throw<CheckpointCorruptedException>().WithMessage("*no checkpoints*");
    }
}
