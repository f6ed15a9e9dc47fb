using GanKit.Data;
using GanKit.Features;
using GanKit.Metrics;
using static TorchSharp.torch;

namespace GanKit.Tests.Metrics;

/// <summary>
/// <see cref="EvaluationOptions.PretrainedNetwork"/>: core GanKit has no pretrained model of its own (ResNet18 lives in
/// GanKit.Features), so the evaluator uses the network the options name, and only that.
/// </summary>
public sealed class PretrainedNetworkOptionTests
{
    [Fact]
    public void Unlabelled_images_are_measured_in_the_pretrained_network_the_options_name_and_it_is_disposed_with_the_evaluator()
    {
        using var data = Unlabelled();
        IFeatureNetwork? created = null;
        var options = new EvaluationOptions
        {
            SampleCount = 20, ReferenceCount = 20, RealFloor = false,
            PretrainedNetwork = () => created = FeatureNetworks.Custom(nn.Sequential(("id", nn.Identity())), ["id"],
                options: new CustomFeatureNetworkOptions { Name = "probe", PooledFeatureSize = 3 }),
        };
        using (var evaluator = GanEvaluator.ForDataset(data, options))
        {
            evaluator.FeatureSpaces.Select(s => s.Name).Should().Equal("probe");
            created.Should().NotBeNull();
        }

        FluentActions.Invoking(() => created!.ExtractPooled(zeros(1, 3, 8, 8))).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Without_a_pretrained_network_unlabelled_images_have_no_feature_space_and_the_error_says_how_to_add_one()
    {
        using var data = Unlabelled();
        FluentActions.Invoking(() => GanEvaluator.ForDataset(data)).Should().Throw<MetricInputException>()
            .WithMessage("*EvaluationOptions.PretrainedNetwork*PretrainedFeatureNetworks.ResNet18*GanKit.Features*");
    }

    [Fact]
    public void A_pretrained_model_that_is_not_installed_is_skipped_like_a_missing_file()
    {
        using var data = Unlabelled();
        var options = new EvaluationOptions
        {
            PretrainedNetwork = () => throw new PretrainedModelNotFoundException("Probe", ["nowhere: not found"], "Install it."),
        };
        FluentActions.Invoking(() => GanEvaluator.ForDataset(data, options)).Should().Throw<MetricInputException>()
            .WithMessage("*no pretrained network was found*");
    }

    private static InMemoryDataset Unlabelled()
    {
        using var random = new TorchSharp.torch.Generator(5);
        return new InMemoryDataset(rand([40, 1, 8, 8], generator: random) * 2 - 1);
    }
}
