using GanKit.Checkpoints;
using GanKit.Models;

namespace GanKit.Tests.Fuzzing;

/// <summary>The size check on a checkpoint's generator spec must never refuse a real generator's own weights.</summary>
public sealed class CheckpointGeneratorCheckTests
{
    public static TheoryData<GanArchitecture, long[], int?, int, int> RealGenerators => new()
    {
        { GanArchitecture.Mlp, [2], null, 16, 3 },
        { GanArchitecture.Mlp, [1, 28, 28], 10, 32, 2 },
        { GanArchitecture.Mlp, [3], null, 4, 0 },
        { GanArchitecture.Dcgan, [1, 16, 16], null, 4, 0 },
        { GanArchitecture.Dcgan, [1, 28, 28], 10, 8, 0 },
        { GanArchitecture.Dcgan, [3, 64, 64], null, 4, 0 },
        { GanArchitecture.ResNet, [1, 28, 28], null, 8, 0 },
        { GanArchitecture.ResNet, [3, 32, 32], 10, 8, 0 },
        { GanArchitecture.ResNet, [3, 128, 128], null, 2, 0 },
    };

    [Theory]
    [MemberData(nameof(RealGenerators))]
    public void A_real_generators_weights_pass_and_a_quarter_of_them_do_not(GanArchitecture architecture, long[] shape, int? classes, int width, int depth)
    {
        var spec = new GeneratorSpec(architecture, 8, shape, classes, width, depth);
        using var generator = Generator.Create(spec);
        var weights = Checkpoint.SaveModule(generator.Module);

        FluentActions.Invoking(() => CheckpointGeneratorCheck.Validate(spec, weights.Length, "generator", "g.gkc")).Should().NotThrow();
        long parameters = generator.Module.parameters().Sum(p => p.numel());
        FluentActions.Invoking(() => CheckpointGeneratorCheck.Validate(spec, parameters * sizeof(float) / 4, "generator", "g.gkc"))
            .Should().Throw<CheckpointCorruptedException>().WithMessage("*needs at least*");
    }
}
