namespace GanKit.Cli.Tests;

/// <summary>`gankit train --distributed` outside mpirun, and resuming a distributed run on another number of ranks.</summary>
public sealed class DistributedCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-distributed-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Distributed_without_an_MPI_launcher_is_a_one_line_error_naming_mpirun_and_the_packages()
    {
        var r = CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--steps", "2", "--out", Path.Combine(_dir, "run"), "--distributed");
        r.ExitCode.Should().Be(2, r.StdErr);
        var lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle(r.StdErr);
        lines[0].Should().StartWith("gankit: ").And.Contain("mpirun -np").And.Contain("openmpi-bin libopenmpi-dev");
        Directory.Exists(Path.Combine(_dir, "run", "checkpoints")).Should().BeFalse("nothing trains");
    }

    [Fact]
    public void A_run_of_two_ranks_is_not_resumed_by_one_process()
    {
        var run = Path.Combine(_dir, "run2");
        var first = CliRunner.Run("train", "--data", "ring8", "--model", "mlp", "--batch", "16", "--steps", "2", "--out", run);
        first.ExitCode.Should().Be(0, first.StdErr);
        // What `mpirun -np 2 gankit train ... --distributed` leaves in run.json.
        var path = Path.Combine(run, "run.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["ranks"]!.GetValue<int>().Should().Be(1, "run.json records the number of ranks");
        json["ranks"] = 2;
        File.WriteAllText(path, json.ToJsonString());
        var r = CliRunner.Run("train", "--data", "ring8", "--steps", "4", "--out", run, "--resume");
        r.ExitCode.Should().Be(2, r.StdErr);
        r.StdErr.Should().Contain("trained on 2 rank(s) and is resumed on 1").And.Contain("mpirun -np 2");
    }
}
