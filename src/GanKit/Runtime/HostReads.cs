using static TorchSharp.torch;

namespace GanKit.Runtime;

/// <summary>
/// Every device-to-host read on GanKit's training path goes through here, so a test can count them: on a GPU each
/// one is a synchronization that stalls the device's queue.
/// </summary>
internal static class HostReads
{
    [ThreadStatic]
    private static long _count;

    /// <summary>Reads on the calling thread so far (the trainer's loop runs on one thread).</summary>
    public static long Count => _count;

    public static T Item<T>(Tensor value) where T : unmanaged
    {
        _count++;
        return value.item<T>();
    }

    /// <summary>Copies a whole tensor to the host in one read.</summary>
    public static float[] Floats(Tensor value)
    {
        _count++;
        using var host = value.to(ScalarType.Float32).cpu();
        return host.data<float>().ToArray();
    }
}
