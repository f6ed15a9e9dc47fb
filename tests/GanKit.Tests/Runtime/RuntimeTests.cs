using GanKit.Runtime;
using GanKit.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.Tests.Runtime;

[Collection(GanKit.Tests.TestSupport.GlobalTorchStateCollection.Name)]
public sealed class RuntimeTests
{
    [Fact]
    public void Torch_loads_and_computes()
    {
        TorchRuntime.EnsureLoaded();
        using var a = tensor(new[] { 1f, 2f, 3f });
        using var b = a.matmul(a);
        b.item<float>().Should().Be(14f);
    }

    [Fact]
    public void Cpu_is_the_default()
    {
        ComputeDevice.Resolve(ComputeDeviceKind.Cpu).type.Should().Be(DeviceType.CPU);
        ComputeDevice.Parse("cpu").type.Should().Be(DeviceType.CPU);
    }

    [SkippableFact]
    public void Cuda_is_refused_with_the_package_to_reference_when_no_gpu_is_available()
    {
        Skip.If(ComputeDevice.IsCudaAvailable, "CUDA is available here, so there is nothing to refuse.");

        FluentActions.Invoking(() => ComputeDevice.Resolve(ComputeDeviceKind.Cuda))
            .Should().Throw<DeviceUnavailableException>().WithMessage("*TorchSharp-cuda-linux*");
        FluentActions.Invoking(() => ComputeDevice.Parse("cuda:0")).Should().Throw<DeviceUnavailableException>();
    }

    [Fact]
    public void Device_names_are_validated()
    {
        FluentActions.Invoking(() => ComputeDevice.Parse("gpu")).Should().Throw<ArgumentException>().WithMessage("*'cpu', 'cuda' or 'cuda:N'*");
    }

    [Fact]
    public void Thread_count_can_be_set()
    {
        var before = TorchRuntime.Threads;
        try
        {
            TorchRuntime.Threads = 1;
            TorchRuntime.Threads.Should().Be(1);
        }
        finally
        {
            TorchRuntime.Threads = before;
        }

        FluentActions.Invoking(() => TorchRuntime.Threads = 0).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Seeding_makes_torch_and_managed_randomness_repeatable()
    {
        Seeding.SeedTorch(123);
        using var a = randn(5);
        Seeding.SeedTorch(123);
        using var b = randn(5);
        a.eq(b).all().item<bool>().Should().BeTrue();

        Seeding.CreateRandom(7, "shuffle").Next().Should().Be(Seeding.CreateRandom(7, "shuffle").Next());
        Seeding.DeriveSeed(7, "shuffle").Should().NotBe(Seeding.DeriveSeed(7, "noise"));
        Seeding.DeriveSeed(7, "shuffle").Should().NotBe(Seeding.DeriveSeed(8, "shuffle"));

        using var g1 = Seeding.CreateGenerator(7, "z");
        using var g2 = Seeding.CreateGenerator(7, "z");
        using var x = randn(new long[] { 4 }, generator: g1);
        using var y = randn(new long[] { 4 }, generator: g2);
        x.eq(y).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Load_failures_are_diagnosed_with_the_missing_symbol_version()
    {
        using var dir = new TempDirectory();
        var oldLib = dir.File("libstdc++.so.6");
        File.WriteAllBytes(oldLib, "....GLIBCXX_3.4.30\0GLIBCXX_3.4.3\0...."u8.ToArray());
        LinuxLibStdCxx.Exports(oldLib, "GLIBCXX_3.4.32").Should().BeFalse();
        LinuxLibStdCxx.Exports(oldLib, "GLIBCXX_3.4.30").Should().BeTrue();
        LinuxLibStdCxx.Exports(oldLib, "GLIBCXX_3.4.3").Should().BeTrue();

        var diagnosis = TorchRuntime.Diagnose(new DllNotFoundException("libLibTorchSharp"));
        diagnosis.InnerException.Should().BeOfType<DllNotFoundException>();
        diagnosis.Message.Should().StartWith("TorchSharp's native library could not be loaded");
    }
}
