using GanKit.Features;

namespace GanKit.Tests.Fuzzing;

using GanKit.Fuzzing;

/// <summary>
/// The fast seeded subset of the reader fuzzing (the long runs are "./build.sh bench fuzz", see docs/fuzzing.md):
/// a few hundred damaged files per reader must end in a parsed result or a documented exception, quickly and within the allocation bound.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("gankit-fuzz-").FullName;

    [Theory]
    [InlineData("idx", 300)]
    [InlineData("idx-gz", 300)]
    [InlineData("image", 300)]
    [InlineData("checkpoint", 300)]
    [InlineData("onnx", 300)]
    [InlineData("vgg", 300)]
    [InlineData("npy", 300)]
    public void Damaged_files_end_in_a_documented_exception_or_a_result(string reader, int cases)
    {
        using var target = FuzzTargets.Create(reader);
        var report = new FuzzRunner(target, _work, seed: 20261202, TimeSpan.FromSeconds(20)).Run(cases);

        report.Findings.Select(f => $"case {f.Index} ({f.SeedName}; {string.Join("; ", f.Mutations)}): {f.Finding}")
            .Should().BeEmpty("every damaged file must be refused with a documented exception");
        report.Cases.Should().Be(cases);
        report.Outcomes.Keys.Should().Contain(target.DocumentedExceptions[0].Name, "the mutations must actually damage files");
        report.Outcomes.GetValueOrDefault(FuzzRunner.ParsedOk).Should().BeGreaterThan(cases / 100,
            "some damaged files must still parse, or the code behind the first check (e.g. the VGG weight copy) is never fuzzed");
    }

    [Theory]
    [InlineData("idx")]
    [InlineData("idx-gz")]
    [InlineData("image")]
    [InlineData("checkpoint")]
    [InlineData("onnx")]
    [InlineData("vgg")]
    [InlineData("npy")]
    public void Every_seed_is_valid(string reader)
    {
        using var target = FuzzTargets.Create(reader);
        var directory = Path.Combine(_work, reader);
        Directory.CreateDirectory(directory);
        target.Initialize(directory);
        foreach (var seed in target.Seeds)
        {
            var path = Path.Combine(directory, seed.Name + seed.Extension);
            File.WriteAllBytes(path, seed.Bytes);
            FluentActions.Invoking(() => target.Run(path, seed.Bytes, seed)).Should().NotThrow(seed.Name);
        }
    }

    [Fact]
    public void Every_vgg_seed_loads_its_weights_into_the_tiny_module()
    {
        using var target = (VggFuzzTarget)FuzzTargets.Create("vgg");
        var directory = Path.Combine(_work, "vgg-values");
        Directory.CreateDirectory(directory);
        target.Initialize(directory);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var expected = VggFuzzTarget.State(TorchSharp.torch.ScalarType.Float32);
        foreach (var seed in target.Seeds)
        {
            foreach (var (_, conv) in target.Module.Convolutions) using (TorchSharp.torch.no_grad()) conv.weight!.zero_();
            var path = Path.Combine(directory, seed.Name + seed.Extension);
            File.WriteAllBytes(path, seed.Bytes);

            target.Run(path, seed.Bytes, seed);

            foreach (var (index, conv) in target.Module.Convolutions)
            {
                conv.weight!.data<float>().ToArray().Should().Equal(expected[$"features.{index}.weight"].data<float>().ToArray(), seed.Name);
                conv.bias!.data<float>().ToArray().Should().Equal(expected[$"features.{index}.bias"].data<float>().ToArray(), seed.Name);
            }
        }
    }

    [Fact]
    public void A_case_is_the_same_bytes_every_time()
    {
        using var target = FuzzTargets.Create("onnx");
        var a = new FuzzRunner(target, _work, seed: 7, TimeSpan.FromSeconds(20));
        var b = new FuzzRunner(target, _work, seed: 7, TimeSpan.FromSeconds(20));
        var c = new FuzzRunner(target, _work, seed: 8, TimeSpan.FromSeconds(20));
        for (int i = 0; i < 20; i++) a.BuildCase(i).Bytes.Should().Equal(b.BuildCase(i).Bytes);
        Enumerable.Range(0, 20).Count(i => a.BuildCase(i).Bytes.SequenceEqual(c.BuildCase(i).Bytes)).Should().BeLessThan(5);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
