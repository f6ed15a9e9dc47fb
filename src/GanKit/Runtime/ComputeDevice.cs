using TorchSharp;

namespace GanKit.Runtime;

/// <summary>Where tensors live and computation runs.</summary>
public enum ComputeDeviceKind
{
    /// <summary>The CPU (the default; always available).</summary>
    Cpu,

    /// <summary>An NVIDIA GPU through CUDA; needs a CUDA build of libtorch.</summary>
    Cuda,
}

/// <summary>
/// Chooses a torch device. CPU is the default; CUDA is used only when asked for, and asking for it without
/// a CUDA-enabled libtorch throws a <see cref="DeviceUnavailableException"/> that says what to reference.
/// </summary>
public static class ComputeDevice
{
    /// <summary>The CPU device.</summary>
    public static torch.Device Cpu
    {
        get
        {
            TorchRuntime.EnsureLoaded();
            return torch.CPU;
        }
    }

    /// <summary>Whether a CUDA device can be used in this process.</summary>
    public static bool IsCudaAvailable
    {
        get
        {
            TorchRuntime.EnsureLoaded();
            return torch.cuda.is_available();
        }
    }

    /// <summary>Resolves a device kind to a torch device.</summary>
    /// <param name="kind">The kind of device.</param>
    /// <param name="index">The GPU index for CUDA.</param>
    /// <returns>The device.</returns>
    /// <exception cref="DeviceUnavailableException">CUDA was asked for but is not available.</exception>
    public static torch.Device Resolve(ComputeDeviceKind kind, int index = 0)
    {
        TorchRuntime.EnsureLoaded();
        if (kind == ComputeDeviceKind.Cpu) return torch.CPU;
        if (!torch.cuda.is_available())
        {
            throw new DeviceUnavailableException(
                "CUDA was requested but is not available in this process: the application references a CPU-only libtorch " +
                "or the machine has no usable NVIDIA GPU/driver. Reference TorchSharp-cuda-linux (Linux) or " +
                "TorchSharp-cuda-windows (Windows) instead of TorchSharp-cpu, or choose the CPU device.");
        }

        var count = torch.cuda.device_count();
        if (index < 0 || index >= count)
        {
            throw new DeviceUnavailableException($"CUDA device {index} was requested but this machine has {count} CUDA device(s).");
        }

        return new torch.Device(DeviceType.CUDA, index);
    }

    /// <summary>Parses a device name such as <c>cpu</c>, <c>cuda</c> or <c>cuda:1</c> and resolves it.</summary>
    /// <param name="name">The device name.</param>
    /// <returns>The device.</returns>
    /// <exception cref="ArgumentException">The name is not a device name.</exception>
    /// <exception cref="DeviceUnavailableException">CUDA was asked for but is not available.</exception>
    public static torch.Device Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim().ToLowerInvariant();
        if (trimmed == "cpu") return Resolve(ComputeDeviceKind.Cpu);
        if (trimmed == "cuda") return Resolve(ComputeDeviceKind.Cuda);
        if (trimmed.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(trimmed.AsSpan(5), out var index))
            return Resolve(ComputeDeviceKind.Cuda, index);
        throw new ArgumentException($"'{name}' is not a device name; use 'cpu', 'cuda' or 'cuda:N'.", nameof(name));
    }
}
