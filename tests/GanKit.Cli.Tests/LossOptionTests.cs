using GanKit.Cli.Runs;
using GanKit.Losses;
using GanKit.Regularizers;

namespace GanKit.Cli.Tests;

/// <summary>The <c>--loss wgan-gp:λ</c> syntax belongs to the command line; the library looks up plain names only.</summary>
public sealed class LossOptionTests
{
    [Fact]
    public void The_cli_parses_the_penalty_weight_and_the_library_does_not()
    {
        TrainerFlags.ParseLoss("wgan-gp:5").RequiredRegularizers.Should().ContainSingle().Which.Should().BeOfType<GradientPenalty>()
            .Which.Lambda.Should().Be(5);
        TrainerFlags.ParseLoss("hinge").Name.Should().Be("hinge");
        FluentActions.Invoking(() => GanLosses.FromName("wgan-gp:5")).Should().Throw<ArgumentException>();
    }
}
