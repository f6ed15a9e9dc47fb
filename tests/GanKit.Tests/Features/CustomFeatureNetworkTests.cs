using GanKit.Features;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Tests.Features;

/// <summary>Feature networks over arbitrary TorchSharp modules.</summary>
public sealed class CustomFeatureNetworkTests
{
    [Fact]
    public void Sequential_taps_are_child_outputs_and_the_pass_stops_at_the_deepest_tap()
    {
        using var scope = NewDisposeScope();
        var conv1 = nn.Conv2d(3, 4, 3, padding: 1);
        var conv2 = nn.Conv2d(4, 6, 3, stride: 2, padding: 1);
        var tripwire = new Tripwire();
        var sequential = nn.Sequential(("conv1", conv1), ("act1", nn.ReLU()), ("conv2", conv2), ("act2", nn.ReLU()), ("tripwire", tripwire));
        using var network = FeatureNetworks.Custom(sequential, ["act1", "act2", "tripwire"], options: new CustomFeatureNetworkOptions { Name = "tiny" });

        var images = rand(2, 3, 16, 16);
        var features = network.Extract(images, ["act2", "act1"]);
        tripwire.Calls.Should().Be(0);
        using (no_grad())
        {
            var act1 = nn.functional.relu(conv1.call(images));
            (features["act1"] - act1).abs().max().item<float>().Should().BeLessThan(1e-6f);
            (features["act2"] - nn.functional.relu(conv2.call(act1))).abs().max().item<float>().Should().BeLessThan(1e-6f);
        }

        features["act2"].shape.Should().Equal(2, 6, 8, 8);
        network.Name.Should().Be("tiny");
        network.DefaultContentTaps.Should().Equal("act2");
        network.DefaultStyleTaps.Should().Equal("act1", "act2", "tripwire");
        sequential.parameters().Should().OnlyContain(p => !p.requires_grad);
    }

    [Fact]
    public void Any_module_can_expose_nested_submodules_through_hooks()
    {
        using var scope = NewDisposeScope();
        using var network = FeatureNetworks.Custom(new Residual(), ["stem", "block.conv", "block"]);
        var images = rand(1, 3, 12, 12).requires_grad_();
        var features = network.Extract(images, ["stem", "block.conv", "block"]);
        features["block.conv"].shape.Should().Equal(1, 5, 12, 12);
        (features["block"] - nn.functional.relu(features["block.conv"] + features["stem"])).abs().max().item<float>().Should().Be(0);
        features["block"].sum().backward();
        images.grad.Should().NotBeNull();
        network.PooledFeatureSize.Should().Be(5); // measured by a probe run
        network.ExtractPooled(rand(3, 3, 12, 12)).shape.Should().Equal(3, 5);
    }

    [Fact]
    public void The_preprocessing_delegate_runs_before_the_module()
    {
        using var scope = NewDisposeScope();
        using var network = FeatureNetworks.Custom(nn.Sequential(("id", nn.Identity())), ["id"], x => x * 2 - 1,
            new CustomFeatureNetworkOptions { PooledFeatureSize = 3 });
        var images = rand(1, 3, 4, 4);
        network.Extract(images, ["id"])["id"].allclose(images * 2 - 1, 0, 0).Should().BeTrue();
        network.ExtractPooled(images).shape.Should().Equal(1, 3);
    }

    [Fact]
    public void An_identity_tap_never_hands_back_the_callers_own_tensor()
    {
        using var scope = NewDisposeScope();
        using var network = FeatureNetworks.Custom(nn.Sequential(("id", nn.Identity())), ["id"]);
        var images = rand(1, 3, 4, 4);
        var tap = network.Extract(images, ["id"])["id"];
        tap.Dispose();
        images.IsInvalid.Should().BeFalse();
        images.sum().item<float>().Should().BeGreaterThan(0);
    }

    [Fact]
    public void Unknown_taps_and_failures_inside_the_module_are_reported_clearly()
    {
        FluentActions.Invoking(() => FeatureNetworks.Custom(nn.Sequential(("a", nn.ReLU()), ("b", nn.ReLU())), ["a", "c"]))
            .Should().Throw<ArgumentException>().WithMessage("*'c'*children*a, b*");
        FluentActions.Invoking(() => FeatureNetworks.Custom(new Residual(), ["block.nope"]))
            .Should().Throw<ArgumentException>().WithMessage("*'block.nope'*stem*block.conv*");
        FluentActions.Invoking(() => FeatureNetworks.Custom(nn.Sequential(("a", nn.ReLU())), ["a"], options: new CustomFeatureNetworkOptions { StyleTaps = ["z"] }))
            .Should().Throw<ArgumentException>().WithMessage("*'z'*");
        FluentActions.Invoking(() => FeatureNetworks.Custom(nn.Sequential(("a", nn.ReLU())), []))
            .Should().Throw<ArgumentException>().WithMessage("*at least one tap*");

        using var network = FeatureNetworks.Custom(nn.Sequential(("conv", nn.Conv2d(5, 2, 1))), ["conv"]);
        using var images = rand(1, 3, 8, 8);
        FluentActions.Invoking(() => network.Extract(images, ["conv"])).Should().Throw<FeatureNetworkException>().WithMessage("*custom*forward pass*");
        FluentActions.Invoking(() => network.Extract(images, ["other"])).Should().Throw<ArgumentException>().WithMessage("*'other'*conv*");
    }

    /// <summary>Fails the test if its forward ever runs.</summary>
    private sealed class Tripwire() : nn.Module<Tensor, Tensor>("tripwire")
    {
        public int Calls { get; private set; }

        public override Tensor forward(Tensor input)
        {
            Calls++;
            return input.alias();
        }
    }

    /// <summary>A non-sequential module: a stem and a residual block with a nested convolution.</summary>
    private sealed class Residual : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> stem = nn.Conv2d(3, 5, 3, padding: 1);
        private readonly Block block = new();

        public Residual() : base("residual") => RegisterComponents();

        public override Tensor forward(Tensor input) => block.call(stem.call(input));
    }

    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv = nn.Conv2d(5, 5, 3, padding: 1);

        public Block() : base("block") => RegisterComponents();

        public override Tensor forward(Tensor input) => nn.functional.relu(conv.call(input) + input);
    }
}
